import { openSqlite } from './sqlite';
import type { Store } from './store';

export { schema, rows, relaxedTransaction, isUniqueViolation, isStorageError, isConflict, type Db, type Store } from './store';

/** Opens the database (a SQLite file, or PostgreSQL for a postgres:// URL) and applies pending migrations. */
export async function openDatabase(target: string): Promise<Store> {
  if (/^postgres(ql)?:\/\//.test(target)) return (await import('./postgres')).openPostgres(target);
  return openSqlite(target);
}
