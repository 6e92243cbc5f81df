import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/index';
import { inspections, stations, towns, villages } from '../../../db/schema/field';
import { prepared } from './prepared';

type Town = { id: number; name: string };

/**
 * The town list per database (the handle the caller opened, never a transaction). The read in flight is
 * cached, so a change that drops it also drops a list being read from before the change.
 */
const townCache = new WeakMap<Db, Promise<Town[]>>();

/** Call after adding or renaming a town (the town list is cached per database). */
export function townsChanged(db: Db): void {
  townCache.delete(db);
}

function townList(db: Db, q: Db): Promise<Town[]> {
  let list = townCache.get(db);
  if (!list) {
    const read = q.select({ id: towns.id, name: towns.name }).from(towns).orderBy(towns.sortOrder, towns.id).then((rows) => rows);
    townCache.set(db, (list = read));
    read.catch(() => townCache.get(db) === read && townCache.delete(db));
  }
  return list;
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

  private constructor(private readonly q: Db) {}

  /**
   * Lookups for `db` (the database, whose town list is cached) that query through `q`: the caller's
   * transaction when there is one. Use them only while that transaction is open.
   */
  static async load(db: Db, q: Db = db): Promise<Lookups> {
    const lk = new Lookups(q);
    for (const t of await townList(db, q)) {
      lk.townId.set(t.name, t.id);
      lk.townName.set(t.id, t.name);
    }
    return lk;
  }

  /** The village's id, created below the town if new. */
  async village(townId: number, name: string): Promise<number> {
    const key = `${townId}\u0000${name}`;
    let id = this.villageIds.get(key);
    if (id === undefined) {
      const find = prepared(this.q, 'village id', (db) =>
        db.select({ id: villages.id }).from(villages).where(and(eq(villages.townId, sql.placeholder('townId')), eq(villages.name, sql.placeholder('name')))).prepare(),
      );
      // DO NOTHING: on PostgreSQL a concurrent transaction may add the same village first.
      const add = prepared(this.q, 'add village', (db) =>
        db.insert(villages).values({ townId: sql.placeholder('townId'), name: sql.placeholder('name'), createdAt: sql.placeholder('createdAt') }).onConflictDoNothing().returning({ id: villages.id }).prepare(),
      );
      id = (await find.execute({ townId, name }))[0]?.id;
      if (id === undefined) id = (await add.execute({ townId, name, createdAt: new Date() }))[0]?.id ?? (await find.execute({ townId, name }))[0].id;
      this.villageIds.set(key, id);
      this.villageNames.set(id, name);
    }
    return id;
  }

  async villageName(id: number): Promise<string | null> {
    if (!this.villageNames.has(id)) {
      const q = prepared(this.q, 'village name', (db) => db.select({ name: villages.name }).from(villages).where(eq(villages.id, sql.placeholder('id'))).prepare());
      this.villageNames.set(id, (await q.execute({ id }))[0]?.name ?? null);
    }
    return this.villageNames.get(id)!;
  }

  async stationId(code: string): Promise<number | null> {
    if (!this.stationIds.has(code)) {
      const q = prepared(this.q, 'station id', (db) => db.select({ id: stations.id }).from(stations).where(eq(stations.code, sql.placeholder('code'))).prepare());
      this.stationIds.set(code, (await q.execute({ code }))[0]?.id ?? null);
    }
    return this.stationIds.get(code)!;
  }

  async stationCode(id: number): Promise<string | null> {
    if (!this.stationCodes.has(id)) {
      const q = prepared(this.q, 'station code', (db) => db.select({ code: stations.code }).from(stations).where(eq(stations.id, sql.placeholder('id'))).prepare());
      this.stationCodes.set(id, (await q.execute({ id }))[0]?.code ?? null);
    }
    return this.stationCodes.get(id)!;
  }

  async inspectionExists(id: number): Promise<boolean> {
    const q = prepared(this.q, 'inspection', (db) => db.select({ id: inspections.id }).from(inspections).where(eq(inspections.id, sql.placeholder('id'))).prepare());
    return (await q.execute({ id })).length > 0;
  }

  townList(): string {
    return [...this.townId.keys()].join('、');
  }
}
