import type { Database, Statement } from 'better-sqlite3';

type Stmts = Record<'villageId' | 'villageName' | 'addVillage' | 'stationId' | 'stationCode' | 'inspection', Statement>;
const statements = new WeakMap<Database, Stmts>();
const townCache = new WeakMap<Database, { id: number; name: string }[]>();

/** Call after adding or renaming a town (the town list is cached per database). */
export function townsChanged(sqlite: Database): void {
  townCache.delete(sqlite);
}

/**
 * Name ↔ id lookups of towns, villages, station codes and inspections for one request or import:
 * towns (a handful) are read up front, the rest on first use and remembered. Villages named on a
 * record are created below their town on first use (inside the caller's transaction), since
 * spreadsheets carry the village names the coordinators already use.
 */
export class Lookups {
  readonly townId = new Map<string, number>();
  readonly townName = new Map<number, string>();
  private readonly villageIds = new Map<string, number>();
  private readonly villageNames = new Map<number, string | null>();
  private readonly stationIds = new Map<string, number | null>();
  private readonly stationCodes = new Map<number, string | null>();
  private readonly s: Stmts;

  constructor(sqlite: Database) {
    let s = statements.get(sqlite);
    if (!s) {
      s = {
        villageId: sqlite.prepare('SELECT id FROM villages WHERE town_id = ? AND name = ?'),
        villageName: sqlite.prepare('SELECT name FROM villages WHERE id = ?'),
        addVillage: sqlite.prepare('INSERT INTO villages (town_id, name, created_at) VALUES (?, ?, ?)'),
        stationId: sqlite.prepare('SELECT id FROM stations WHERE code = ?'),
        stationCode: sqlite.prepare('SELECT code FROM stations WHERE id = ?'),
        inspection: sqlite.prepare('SELECT id FROM inspections WHERE id = ?'),
      };
      statements.set(sqlite, s);
    }
    this.s = s;
    let towns = townCache.get(sqlite);
    if (!towns) {
      towns = sqlite.prepare('SELECT id, name FROM towns ORDER BY sort_order, id').all() as { id: number; name: string }[];
      townCache.set(sqlite, towns);
    }
    for (const t of towns) {
      this.townId.set(t.name, t.id);
      this.townName.set(t.id, t.name);
    }
  }

  /** The village's id, created below the town if new. */
  village(townId: number, name: string): number {
    const key = `${townId}\u0000${name}`;
    let id = this.villageIds.get(key);
    if (id === undefined) {
      id = (this.s.villageId.get(townId, name) as { id: number } | undefined)?.id;
      if (id === undefined) id = Number(this.s.addVillage.run(townId, name, Math.floor(Date.now() / 1000)).lastInsertRowid);
      this.villageIds.set(key, id);
      this.villageNames.set(id, name);
    }
    return id;
  }

  villageName(id: number): string | null {
    if (!this.villageNames.has(id)) this.villageNames.set(id, (this.s.villageName.get(id) as { name: string } | undefined)?.name ?? null);
    return this.villageNames.get(id)!;
  }

  stationId(code: string): number | null {
    if (!this.stationIds.has(code)) this.stationIds.set(code, (this.s.stationId.get(code) as { id: number } | undefined)?.id ?? null);
    return this.stationIds.get(code)!;
  }

  stationCode(id: number): string | null {
    if (!this.stationCodes.has(id)) this.stationCodes.set(id, (this.s.stationCode.get(id) as { code: string } | undefined)?.code ?? null);
    return this.stationCodes.get(id)!;
  }

  inspectionExists(id: number): boolean {
    return this.s.inspection.get(id) !== undefined;
  }

  townList(): string {
    return [...this.townId.keys()].join('、');
  }
}
