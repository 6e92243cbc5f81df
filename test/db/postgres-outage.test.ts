import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { openPostgres } from '../../db/postgres';
import { rows, type Store } from '../../db/store';
import { postgresBinary, startPostgres, type PostgresServer } from '../support/postgres-server';
import { itWith, missing } from '../support/requirements';

// PostgreSQL stopping under an open transaction: pg emits 'error' on the checked-out connection, and an 'error'
// event nobody listens to ends the process (an uncaught error here fails the run).
const NEEDS = { files: [postgresBinary('pg_ctl') ?? "PostgreSQL's pg_ctl (Debian package postgresql)"] };
const it = itWith(NEEDS);
let pg: PostgresServer;
let store: Store;

beforeAll(async () => {
  if (missing(NEEDS)) return;
  pg = await startPostgres();
  store = await openPostgres(pg.url);
}, 60_000);
afterAll(async () => {
  await store?.close();
  await pg?.stop();
});

describe('PostgreSQL going away', () => {
  it('fails the open transaction, not the process, and serves queries again when the server is back', async () => {
    const open = store.db.transaction(async (tx) => {
      await rows(tx, sql`SELECT 1`);
      await pg.halt(); // between two statements: no query is waiting for the connection's error
      await rows(tx, sql`SELECT 1`);
    });
    await expect(open).rejects.toThrow();
    await pg.resume();
    expect(await rows<{ n: number }>(store.db, sql`SELECT 2 AS n`)).toEqual([{ n: 2 }]);
  }, 60_000);
});
