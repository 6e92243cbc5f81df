import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { sql } from 'drizzle-orm';
import { schema, migrationsFolder, rows, isConflict, type Db, type Store } from './store';

/** Connections per node: the poller, traps, pages and API share them. */
const POOL_SIZE = 10;
/** The advisory lock key nodes starting together take around migrations, so one migrates and the others wait. */
const MIGRATION_LOCK = 0x79756e6574; // "yunet"
/** The advisory lock every write transaction takes first: they run one at a time, as on SQLite. */
const WRITE_LOCK = 0x79756e6575;
/** Attempts of a transaction PostgreSQL aborted as a deadlock or serialization failure (both safe to run again). */
const TRANSACTION_ATTEMPTS = 5;

// int8 (counts, ids, epoch times) and numeric (sums) come back as numbers, as from SQLite; all stay below 2^53.
// Set on pg's global parsers: drizzle passes its own per-query parsers, which fall back to those.
pg.types.setTypeParser(pg.types.builtins.INT8, Number);
pg.types.setTypeParser(pg.types.builtins.NUMERIC, Number);

/**
 * PostgreSQL shared by several nodes, through drizzle's PostgreSQL dialect and the same query code as SQLite.
 * Transactions take one advisory lock first, so they follow each other as on SQLite (whose writer is single) and a
 * check made inside one holds until its commit, over every node. A lock rather than SERIALIZABLE: under that, a long
 * import conflicting with a stream of small writes from other nodes was aborted again at every attempt.
 */
export async function openPostgres(url: string): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE, connectionTimeoutMillis: 5000 });
  // A connection dropped by the server (restart, failover) must not end the process: pg emits 'error' on it, idle
  // (the pool's event) or checked out by a transaction between two statements (the connection's own, which nothing
  // else listens to). The statement in flight or the next one fails instead; the pool drops the connection.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  try {
    await migratePostgres(pool);
  } catch (e) {
    await pool.end();
    throw new Error(`database ${redact(url)}: ${(e as Error).message}`);
  }
  const db = drizzle(pool, { schema }) as unknown as Db;
  const begin = db.transaction.bind(db);
  db.transaction = (async (fn, config) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await begin(async (tx) => {
          await rows(tx, sql`SELECT pg_advisory_xact_lock(${WRITE_LOCK})`);
          return fn(tx);
        }, config);
      } catch (e) {
        if (attempt >= TRANSACTION_ATTEMPTS || !isConflict(e)) throw e;
        await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
      }
    }
  }) as Db['transaction'];
  let ended: Promise<void> | undefined;
  return {
    db,
    close: () => (ended ??= pool.end()),
    pool: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: POOL_SIZE }),
  };
}

async function migratePostgres(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await migrate(drizzle(client), { migrationsFolder: migrationsFolder('postgres') });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}
