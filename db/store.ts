import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type SQL } from 'drizzle-orm';
import type { SqliteRemoteResult } from 'drizzle-orm/sqlite-proxy';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import * as schemaModules from './schema/index';

export const schema = { ...schemaModules };

/**
 * The query API every feature uses, on either database: drizzle's asynchronous SQLite builders over the schema in
 * db/schema (PostgreSQL runs the same builders through its own dialect). A transaction's `tx` is one too. Only
 * awaited builders are portable: the `get`, `all`, `run` and `values` methods exist on SQLite alone.
 */
export type Db = BaseSQLiteDatabase<'async', SqliteRemoteResult, typeof schema>;

export type Dialect = 'sqlite' | 'postgres';

export interface Store {
  db: Db;
  close(): Promise<void>;
  /** PostgreSQL only: the connection pool's state (SQLite has one connection and no pool). */
  pool?(): PoolState;
}

export interface PoolState {
  /** Connections open, and of those idle. */
  total: number;
  idle: number;
  /** Queries waiting for a connection (all are busy). */
  waiting: number;
  /** The most connections the pool opens. */
  max: number;
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** What a SQLite connection does itself, by drizzle session (a transaction shares its database's). */
export interface SqliteConnection {
  rows(q: SQL): Promise<unknown[]>;
  relaxedTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
}
const sqliteConnections = new WeakMap<object, SqliteConnection>();

export function registerSqlite(db: Db, connection: SqliteConnection): void {
  sqliteConnections.set(sessionOf(db), connection);
}

function sqliteOf(db: Db): SqliteConnection {
  const c = sqliteConnections.get(sessionOf(db));
  if (!c) throw new Error('not a database opened by openDatabase()');
  return c;
}

function postgresOf(db: Db): { execute(q: SQL): Promise<{ rows: unknown[] }> } | null {
  const pg = db as unknown as { execute?: (q: SQL) => Promise<{ rows: unknown[] }> };
  return pg.execute ? (pg as { execute(q: SQL): Promise<{ rows: unknown[] }> }) : null;
}

/**
 * Runs a statement drizzle's builders cannot say, written in SQL both dialects accept (values as `${param}`), on
 * `db` or inside the transaction `db` is; returns rows as objects keyed by column name.
 */
export async function rows<T>(db: Db, q: SQL): Promise<T[]> {
  const pg = postgresOf(db);
  return (pg ? (await pg.execute(q)).rows : await sqliteOf(db).rows(q)) as T[];
}

/**
 * A transaction whose commit does not wait for the disk (SQLite's synchronous=NORMAL in WAL mode, PostgreSQL's
 * synchronous_commit=off): a crash may lose its last moments, never corrupt them. For data no stronger than its
 * source, such as traps, which UDP delivered without any guarantee; every other write waits for the disk.
 */
export async function relaxedTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (!postgresOf(db)) return sqliteOf(db).relaxedTransaction(fn);
  return db.transaction(async (tx) => {
    await postgresOf(tx)!.execute(sql`SET LOCAL synchronous_commit = off`);
    return fn(tx);
  });
}

function sessionOf(db: Db): object {
  return (db as unknown as { session: object }).session;
}

export function migrationsFolder(dialect: Dialect): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return dialect === 'sqlite' ? path.join(here, 'migrations') : path.join(here, 'migrations-postgres');
}

/** The error (or the driver error drizzle wrapped in it) as the database reported it. */
function driverError(e: unknown): { code?: unknown; message?: unknown } {
  const err = e as { code?: unknown; cause?: unknown; message?: unknown } | null;
  return err?.code === undefined && err?.cause ? (err.cause as { code?: unknown }) : (err ?? {});
}

/** PostgreSQL aborted the transaction for a deadlock or a serialization failure: it may be run again whole. */
export function isConflict(e: unknown): boolean {
  const { code } = driverError(e);
  return code === '40001' || code === '40P01';
}

/** A unique constraint refused the write (SQLite's SQLITE_CONSTRAINT_UNIQUE/PRIMARYKEY, PostgreSQL's 23505). */
export function isUniqueViolation(e: unknown): boolean {
  const { code } = driverError(e);
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * The database, not the request, failed: SQLite's disk full, I/O error, read-only or locked too long; PostgreSQL
 * unreachable, shutting down, out of disk or read-only (SQLSTATE classes 08, 53, 57P and 25006).
 */
export function isStorageError(e: unknown): boolean {
  const { code } = driverError(e);
  if (typeof code !== 'string') return false;
  return /^SQLITE_(FULL|IOERR|READONLY|BUSY|LOCKED|CANTOPEN)/.test(code) || /^(08|53|57P)/.test(code) || code === '25006' || /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND)$/.test(code);
}
