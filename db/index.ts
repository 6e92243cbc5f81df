import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schemaModules from './schema/index';

export const schema = { ...schemaModules };
export type Db = BetterSQLite3Database<typeof schema>;

export interface Database_ {
  db: Db;
  sqlite: Database.Database;
  close(): void;
}

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * Opens (creating if needed) the SQLite database and applies pending migrations.
 * Foreign keys are switched off around migrate(): drizzle-kit's table rebuilds would otherwise
 * cascade-delete child rows, because its own `PRAGMA foreign_keys=OFF` is ignored inside a transaction.
 */
export function openDatabase(file: string): Database_ {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before yunet answers, so an acknowledged write survives a power cut.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = OFF');
  const db = drizzle(sqlite, { schema });
  immediateByDefault(sqlite, db);
  migrate(db, { migrationsFolder });
  const violations = sqlite.pragma('foreign_key_check') as unknown[];
  if (violations.length > 0) {
    sqlite.close();
    throw new Error(`database ${file}: migration left ${violations.length} foreign-key violation(s)`);
  }
  sqlite.pragma('foreign_keys = ON');
  return { db, sqlite, close: () => sqlite.close() };
}

/**
 * Transactions begin IMMEDIATE unless they ask otherwise, better-sqlite3's own and drizzle's alike, so no write path
 * can forget it: a deferred one that read first fails at once with SQLITE_BUSY when another process sharing the file
 * wrote meanwhile, instead of waiting for the lock (busy_timeout). Nested ones are savepoints either way.
 */
function immediateByDefault(sqlite: Database.Database, db: Db): void {
  const native = sqlite.transaction.bind(sqlite);
  sqlite.transaction = ((fn) => {
    const tx = native(fn);
    const run: typeof tx.immediate = (...args) => tx.immediate(...args);
    return Object.assign(run, { default: tx.immediate, deferred: tx.deferred, immediate: tx.immediate, exclusive: tx.exclusive });
  }) as typeof sqlite.transaction;
  const begin = db.transaction.bind(db);
  db.transaction = ((fn, config) => begin(fn, { behavior: 'immediate', ...config })) as Db['transaction'];
}
