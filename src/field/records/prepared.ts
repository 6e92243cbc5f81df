import type { Db } from '../../../db/index';

const compiled = new WeakMap<object, Map<string, unknown>>();

/**
 * A statement of the record paths built once per database session and then only executed: drizzle takes
 * longer to build a statement (tens of µs) than SQLite to run it, and an import runs hundreds of thousands.
 * Kept by drizzle session: a transaction shares its database's on SQLite and has its own on PostgreSQL,
 * so a statement always runs on the connection of the transaction it is used in.
 * Lookups by a unique key here leave out LIMIT 1: drizzle binds it as a parameter, which makes SQLite's
 * lookup several times slower.
 */
export function prepared<T>(db: Db, key: string, build: (db: Db) => T): T {
  const session = (db as unknown as { session: object }).session;
  let statements = compiled.get(session);
  if (!statements) compiled.set(session, (statements = new Map()));
  let q = statements.get(key) as T | undefined;
  if (!q) statements.set(key, (q = build(db)));
  return q;
}
