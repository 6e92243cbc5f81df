import { describe, expect, it } from 'vitest';
import { sharedDatabaseFile } from '../support/shared-db';

/** Another process sharing the file holds the write lock: a transaction must wait for it before its body runs. */
describe('transactions on a shared database file', () => {
  const connect = sharedDatabaseFile('yn-tx-');

  it("begin IMMEDIATE by default, better-sqlite3's and drizzle's; one that asks to be deferred still is", () => {
    const [a, b] = [connect(), connect()];
    a.sqlite.pragma('busy_timeout = 50');
    b.sqlite.exec('BEGIN IMMEDIATE');
    let ran = 0;
    expect(() => a.sqlite.transaction(() => ran++)()).toThrow('database is locked');
    expect(() => a.db.transaction(() => ran++)).toThrow('database is locked');
    expect(ran).toBe(0);
    a.sqlite.transaction(() => ran++).deferred();
    a.db.transaction(() => ran++, { behavior: 'deferred' });
    expect(ran).toBe(2);
    b.sqlite.exec('ROLLBACK');
    a.sqlite.transaction(() => ran++)();
    expect(ran).toBe(3);
  });
});
