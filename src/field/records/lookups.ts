import type { Database, Statement } from 'better-sqlite3';

/**
 * Name ↔ id maps of towns and villages, station codes and inspections, loaded once per request or
 * import. Villages named on a record are created below their town on first use (inside the caller's
 * transaction), since spreadsheets carry the village names the coordinators already use.
 */
export class Lookups {
  readonly townId = new Map<string, number>();
  readonly townName = new Map<number, string>();
  private readonly villageIdByKey = new Map<string, number>();
  readonly villageName = new Map<number, string>();
  private readonly stationIds = new Map<string, number | null>();
  private readonly stationCodes = new Map<number, string>();
  private stmts: Record<'stationId' | 'stationCode' | 'inspection' | 'addVillage', Statement> | null = null;

  constructor(private readonly sqlite: Database) {
    for (const t of sqlite.prepare('SELECT id, name FROM towns ORDER BY sort_order, id').all() as { id: number; name: string }[]) {
      this.townId.set(t.name, t.id);
      this.townName.set(t.id, t.name);
    }
    for (const v of sqlite.prepare('SELECT id, town_id, name FROM villages').all() as { id: number; town_id: number; name: string }[]) {
      this.villageIdByKey.set(`${v.town_id}\u0000${v.name}`, v.id);
      this.villageName.set(v.id, v.name);
    }
  }

  private get s() {
    return (this.stmts ??= {
      stationId: this.sqlite.prepare('SELECT id FROM stations WHERE code = ?'),
      stationCode: this.sqlite.prepare('SELECT code FROM stations WHERE id = ?'),
      inspection: this.sqlite.prepare('SELECT id FROM inspections WHERE id = ?'),
      addVillage: this.sqlite.prepare('INSERT INTO villages (town_id, name, created_at) VALUES (?, ?, ?)'),
    });
  }

  village(townId: number, name: string): number {
    const key = `${townId}\u0000${name}`;
    let id = this.villageIdByKey.get(key);
    if (id === undefined) {
      id = Number(this.s.addVillage.run(townId, name, Math.floor(Date.now() / 1000)).lastInsertRowid);
      this.villageIdByKey.set(key, id);
      this.villageName.set(id, name);
    }
    return id;
  }

  stationId(code: string): number | null {
    if (!this.stationIds.has(code)) this.stationIds.set(code, (this.s.stationId.get(code) as { id: number } | undefined)?.id ?? null);
    return this.stationIds.get(code)!;
  }

  stationCode(id: number): string | null {
    if (!this.stationCodes.has(id)) {
      const r = this.s.stationCode.get(id) as { code: string } | undefined;
      if (!r) return null;
      this.stationCodes.set(id, r.code);
    }
    return this.stationCodes.get(id)!;
  }

  inspectionExists(id: number): boolean {
    return this.s.inspection.get(id) !== undefined;
  }

  townList(): string {
    return [...this.townId.keys()].join('、');
  }
}
