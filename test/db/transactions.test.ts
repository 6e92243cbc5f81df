import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rows } from '../../db/index';
import { testDialect } from '../support/database';
import { sharedDatabaseFile } from '../support/shared-db';

/**
 * Another process sharing the file holds the write lock: a transaction must wait for it before its body runs.
 * SQLite's locking alone (PostgreSQL's transactions are serializable instead: test/db/store.test.ts).
 */
describe.runIf(testDialect === 'sqlite')('transactions on a shared database file', () => {
  const connect = sharedDatabaseFile('yn-tx-');

  it('begin IMMEDIATE by default; one that asks to be deferred still is', async () => {
    const [a, b] = [await connect(), await connect()];
    await rows(a.db, sql`PRAGMA busy_timeout = 50`);
    // b holds the write lock until released (its own transaction begins IMMEDIATE as well).
    let release = () => {};
    const released = new Promise<void>((r) => (release = r));
    let locked = () => {};
    const holding = new Promise<void>((r) => (locked = r));
    const holder = b.db.transaction(async () => {
      locked();
      await released;
    });
    await holding;
    let ran = 0;
    try {
      // drizzle reports the failed BEGIN; SQLite's own error is its cause.
      await expect(a.db.transaction(async () => void ran++)).rejects.toHaveProperty('cause.message', 'database is locked');
      expect(ran).toBe(0);
      await a.db.transaction(async () => void ran++, { behavior: 'deferred' });
      expect(ran).toBe(1);
    } finally {
      release();
      await holder;
    }
    await a.db.transaction(async () => void ran++);
    expect(ran).toBe(2);
  });
});
