import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { isStorageError, isUniqueViolation, openDatabase, rows, type Db, type Store } from '../../db/index';
import { credentials, tableVersions } from '../../db/schema/inventory';
import { towns } from '../../db/schema/field';
import { postgresBinary, startPostgres } from '../support/postgres-server';
import { databaseTarget, testDialect } from '../support/database';
import { itWith } from '../support/requirements';
import { Registry } from 'prom-client';
import { registerDatabaseMetrics } from '../../src/metrics/database';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'yn-store-'));
const credential = (name: string) => ({ name, version: '2c' as const, secret: '{"community":"x"}' });
const names = async (db: Db) => (await db.select({ name: credentials.name }).from(credentials).orderBy(credentials.name)).map((r) => r.name);

describe('SQLite store', () => {
  it('lets nothing else use the connection while a transaction awaits: an outside write waits and survives its rollback', async () => {
    const s = await openDatabase(path.join(tmp(), 'y.db'));
    const order: string[] = [];
    const tx = s.db
      .transaction(async (t) => {
        await t.insert(credentials).values(credential('inside'));
        order.push('inside written');
        await new Promise((r) => setTimeout(r, 50));
        throw new Error('rolled back');
      })
      .catch((e: Error) => order.push(e.message));
    await new Promise((r) => setTimeout(r, 10));
    const outside = s.db.insert(credentials).values(credential('outside')).then(() => order.push('outside written'));
    await Promise.all([tx, outside]);
    expect(order).toEqual(['inside written', 'rolled back', 'outside written']);
    expect(await names(s.db)).toEqual(['outside']);
    await s.close();
  });

  it('reports a full disk inside a transaction as a storage error, not as the failed rollback after it', async () => {
    const s = await openDatabase(path.join(tmp(), 'y.db'));
    // The file may not grow: as a full disk, SQLite ends the transaction itself with SQLITE_FULL.
    const [{ page_count: pages }] = await rows<{ page_count: number }>(s.db, sql`PRAGMA page_count`);
    await rows(s.db, sql.raw(`PRAGMA max_page_count = ${pages}`));
    const e = await s.db
      .transaction(async (t) => {
        for (let i = 0; i < 1000; i++) await t.insert(credentials).values({ ...credential(`c${i}`), secret: 'x'.repeat(4000) });
      })
      .catch((x: unknown) => x);
    expect(isStorageError(e)).toBe(true);
    expect((e as Error & { cause: { code: string } }).cause.code).toBe('SQLITE_FULL');
    expect(await names(s.db)).toEqual([]);
    await s.close();
  });

  it('returns the ids SQLite gave to inserted rows, also where the insert is run without its RETURNING', async () => {
    const s = await openDatabase(path.join(tmp(), 'y.db'));
    await rows(s.db, sql`DELETE FROM towns`);
    // Plain one-row inserts (run without RETURNING, id from the rowid), after a gap in the ids.
    await s.db.insert(towns).values({ id: 40, name: 'gap' });
    const a = await s.db.insert(towns).values({ name: 'a' }).returning({ id: towns.id });
    const b = await s.db.transaction((tx) => tx.insert(towns).values({ name: 'b' }).returning({ id: towns.id }));
    // Other shapes keep RETURNING: several rows, ON CONFLICT (nothing inserted → nothing returned).
    const many = await s.db.insert(towns).values([{ name: 'c' }, { name: 'd' }]).returning({ id: towns.id });
    const none = await s.db.insert(towns).values({ name: 'a' }).onConflictDoNothing().returning({ id: towns.id });
    const stored = await rows<{ id: number; name: string }>(s.db, sql`SELECT id, name FROM towns ORDER BY id`);
    expect(stored).toEqual([{ id: 40, name: 'gap' }, { id: 41, name: 'a' }, { id: 42, name: 'b' }, { id: 43, name: 'c' }, { id: 44, name: 'd' }]);
    expect([a, b, many, none]).toEqual([[{ id: 41 }], [{ id: 42 }], [{ id: 43 }, { id: 44 }], []]);
    await s.close();
  });

  it('refuses a transaction begun on the database inside another (it would wait for itself)', async () => {
    const s = await openDatabase(':memory:');
    await expect(s.db.transaction(async () => s.db.transaction(async () => 1))).rejects.toThrow('inside another one');
    await s.close();
  });

  it('begins transactions IMMEDIATE: one that reads, then writes after another process committed, waits instead of failing', async () => {
    const file = path.join(tmp(), 'y.db');
    const s = await openDatabase(file);
    // Another process takes the write lock, writes, and commits 300 ms later.
    const holder = spawn(process.execPath, [
      '-e',
      `const db = new (require('better-sqlite3'))(${JSON.stringify(file)});
       db.exec('BEGIN IMMEDIATE'); db.prepare("INSERT INTO credentials (name, version, secret, updated_at) VALUES ('other', '2c', '{}', 0)").run();
       process.stdout.write('locked\\n'); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300); db.exec('COMMIT');`,
    ], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((r) => holder.stdout.once('data', () => r()));
    // A deferred transaction would read before the other commit and then fail to write (SQLITE_BUSY_SNAPSHOT).
    const seen = await s.db.transaction(async (t) => {
      const before = await names(t);
      await t.insert(credentials).values(credential('mine'));
      return before;
    });
    expect(seen).toEqual(['other']);
    expect(await names(s.db)).toEqual(['mine', 'other']);
    await new Promise((r) => holder.once('exit', r));
    await s.close();
  });
});

/** PostgreSQL: the suite's server under YUNET_TEST_DATABASE=postgres, else one started here. */
describe('PostgreSQL store', () => {
  const pgIt = itWith({ files: [postgresBinary('initdb') ?? 'PostgreSQL\'s initdb (Debian package postgresql)'] });
  let own: Awaited<ReturnType<typeof startPostgres>> | null = null;
  const target = async () => {
    if (testDialect === 'postgres') return databaseTarget(':memory:');
    const url = new URL(own!.url);
    const name = `store_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
    const admin = await openDatabase(own!.url);
    await rows(admin.db, sql.raw(`CREATE DATABASE "${name}"`));
    await admin.close();
    url.pathname = `/${name}`;
    return url.toString();
  };
  beforeAll(async () => {
    if (testDialect !== 'postgres' && postgresBinary('initdb')) own = await startPostgres();
  });
  afterAll(() => own?.stop());

  pgIt('migrates once when two nodes open a new database at the same moment', async () => {
    const url = await target();
    const [a, b] = await Promise.all([openDatabase(url), openDatabase(url)]);
    const applied = await rows<{ n: number }>(a.db, sql`SELECT count(*) AS n FROM drizzle.__drizzle_migrations`);
    const files = fs.readdirSync(path.join('db', 'migrations-postgres')).filter((f) => f.endsWith('.sql'));
    expect(applied[0].n).toBe(files.length);
    // The towns seeded by the migration, once.
    expect((await rows<{ n: number }>(b.db, sql`SELECT count(*) AS n FROM towns`))[0].n).toBe(16);
    await Promise.all([a.close(), b.close()]);
  });

  pgIt('runs transactions one at a time over every node, as SQLite does: read-then-write increments are not lost', async () => {
    const url = await target();
    const [a, b] = await Promise.all([openDatabase(url), openDatabase(url)]);
    await a.db.insert(tableVersions).values({ name: 'counter', version: 0 });
    const increment = (s: Store) =>
      s.db.transaction(async (t) => {
        const [row] = await t.select().from(tableVersions).where(eq(tableVersions.name, 'counter'));
        await new Promise((r) => setTimeout(r, 20)); // both read before either writes
        await t.update(tableVersions).set({ version: row.version + 1 }).where(eq(tableVersions.name, 'counter'));
      });
    await Promise.all([increment(a), increment(b), increment(a), increment(b)]);
    const [row] = await a.db.select().from(tableVersions).where(eq(tableVersions.name, 'counter'));
    expect(row.version).toBe(4);
    await Promise.all([a.close(), b.close()]);
  });

  pgIt('shows a full connection pool in its metrics: ten busy, the rest waiting', async () => {
    const s = await openDatabase(await target());
    const registry = new Registry();
    registerDatabaseMetrics(registry, s);
    const sleeps = Array.from({ length: 12 }, () => rows(s.db, sql`SELECT pg_sleep(0.5)`));
    await new Promise((r) => setTimeout(r, 200));
    const text = await registry.metrics();
    expect(text).toContain('yunet_database_connections{state="busy"} 10');
    expect(text).toContain('yunet_database_connections{state="max"} 10');
    expect(text).toContain('yunet_database_waiting_queries 2');
    await Promise.all(sleeps);
    expect(await registry.metrics()).toContain('yunet_database_waiting_queries 0');
    await s.close();
  });

  pgIt('reports a unique violation as such, and numbers as numbers', async () => {
    const s = await openDatabase(await target());
    await s.db.insert(credentials).values(credential('c'));
    const e = await s.db.insert(credentials).values(credential('c')).catch((x: unknown) => x);
    expect(isUniqueViolation(e)).toBe(true);
    const [{ n }] = await rows<{ n: number }>(s.db, sql`SELECT count(*) AS n FROM credentials`);
    expect(n).toBe(1);
    await s.close();
  });
});

describe('PostgreSQL unreachable', () => {
  it('says which database failed, without its password', async () => {
    const e = (await openDatabase('postgres://yunet:s3cret-pass@127.0.0.1:1/yunet').catch((x: unknown) => x)) as Error;
    expect(e.message).toMatch(/^database postgres:\/\/yunet:\*\*\*@127\.0\.0\.1:1\/yunet: .*ECONNREFUSED/);
    expect(e.message).not.toContain('s3cret-pass');
  });
});

describe('both dialects', () => {
  it('report a unique violation as such', async () => {
    const s = await openDatabase(await databaseTarget(':memory:'));
    await s.db.insert(credentials).values(credential('c'));
    expect(isUniqueViolation(await s.db.insert(credentials).values(credential('c')).catch((x: unknown) => x))).toBe(true);
    expect(isUniqueViolation(new Error('UNIQUE'))).toBe(false);
    await s.close();
  });
});
