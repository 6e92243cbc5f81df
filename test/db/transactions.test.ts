import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database_ } from '../../db/index';

/** Another process sharing the file holds the write lock: a transaction must wait for it before its body runs. */
describe('transactions on a shared database file', () => {
  const open: Database_[] = [];
  let dir = '';
  afterEach(() => {
    for (const d of open.splice(0)) d.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("begin IMMEDIATE by default, better-sqlite3's and drizzle's; one that asks to be deferred still is", () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yn-tx-'));
    const [a, b] = [openDatabase(path.join(dir, 'shared.db')), openDatabase(path.join(dir, 'shared.db'))];
    open.push(a, b);
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
