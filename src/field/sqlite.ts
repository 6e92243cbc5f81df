import type { Database } from 'better-sqlite3';
import type { Db } from '../../db/index';

/** The better-sqlite3 handle behind drizzle: bulk writes and synchronous transactions use it directly. */
export function sqliteOf(db: Db): Database {
  return (db as Db & { $client: Database }).$client;
}
