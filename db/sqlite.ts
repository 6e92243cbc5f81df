import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';
import { drizzle } from 'drizzle-orm/sqlite-proxy';
import { drizzle as drizzleSync } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { SQL } from 'drizzle-orm';
import { schema, migrationsFolder, registerSqlite, type Db, type Store } from './store';

/** Prepared statements kept per SQL text; drizzle writes the same few hundred texts over and over. */
const STATEMENT_CACHE = 500;

/**
 * One better-sqlite3 connection behind drizzle's asynchronous SQLite dialect (the same query API as PostgreSQL's).
 * A transaction holds the connection until it ends: statements from anything else wait, so an await inside a
 * transaction never lets another request's write into it (or a rollback undo that write).
 */
export async function openSqlite(file: string): Promise<Store> {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before yunet answers, so an acknowledged write survives a power cut.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('cache_size = -65536');
  migrateSqlite(sqlite, file);

  const statements = new Map<string, Database.Statement>();
  const prepare = (text: string) => {
    let s = statements.get(text);
    if (!s) {
      if (statements.size >= STATEMENT_CACHE) statements.delete(statements.keys().next().value!);
      statements.set(text, (s = sqlite.prepare(text)));
    }
    return s;
  };
  const lock = new ConnectionLock();
  const db = drizzle(async (text, params, method) => {
    while (lock.blocked()) await lock.released();
    // SQLite already rolled back a transaction a full disk or I/O error ended: a rollback statement would fail and
    // hide that error from the caller.
    if (!sqlite.inTransaction && /^rollback/i.test(text)) return { rows: [] };
    const plain = insertReturningRowid(text);
    if (plain) return { rows: [[Number(prepare(plain).run(...params).lastInsertRowid)]] };
    const s = prepare(text);
    if (!s.reader) return (s.run(...params), { rows: [] });
    return { rows: method === 'get' ? (s.raw(true).get(...params) as unknown[]) : s.raw(true).all(...params) };
  }, { schema }) as unknown as Db;

  const begin = db.transaction.bind(db);
  const nested = () => Promise.reject(new Error('a transaction was begun on the database inside another one: use the transaction given to its body'));
  db.transaction = ((fn, config) => (lock.mine() ? nested() : lock.hold(() => begin(fn, { behavior: 'immediate', ...config })))) as Db['transaction'];

  const dialect = new SQLiteAsyncDialect();
  registerSqlite(db, {
    async rows(q: SQL) {
      const { sql: text, params } = dialect.sqlToQuery(q);
      while (lock.blocked()) await lock.released();
      const s = prepare(text);
      return s.reader ? s.all(...params) : (s.run(...params), []);
    },
    // The pragma cannot change inside a transaction, so it is set around one while the connection is held.
    relaxedTransaction: (fn) =>
      lock.mine() ? nested() : lock.hold(async () => {
        sqlite.pragma('synchronous = NORMAL');
        try {
          return await begin(fn, { behavior: 'immediate' });
        } finally {
          sqlite.pragma('synchronous = FULL');
        }
      }),
  });
  return {
    db,
    async close() {
      while (lock.blocked()) await lock.released();
      sqlite.close();
    },
  };
}

/** A one-row INSERT that returns only "id" (every yunet table's INTEGER PRIMARY KEY, the rowid); no ON CONFLICT. */
const INSERT_RETURNING_ID = /^(insert into "\w+" \([^()]*\) values \([^()]*\)) returning "id"$/;

/**
 * The same INSERT without its RETURNING clause, when the id it returns is the new rowid: run that way it costs half
 * (measured: 100,000 stations, the import's hot path). null for any other statement.
 */
function insertReturningRowid(text: string): string | null {
  return INSERT_RETURNING_ID.exec(text)?.[1] ?? null;
}

/**
 * Applies pending migrations with drizzle's synchronous SQLite migrator (the same bookkeeping table as ever).
 * Foreign keys are off around it: drizzle-kit's table rebuilds would otherwise cascade-delete child rows, because
 * its own `PRAGMA foreign_keys=OFF` is ignored inside a transaction.
 */
function migrateSqlite(sqlite: Database.Database, file: string): void {
  sqlite.pragma('foreign_keys = OFF');
  migrate(drizzleSync(sqlite), { migrationsFolder: migrationsFolder('sqlite') });
  const violations = sqlite.pragma('foreign_key_check') as unknown[];
  if (violations.length > 0) {
    sqlite.close();
    throw new Error(`database ${file}: migration left ${violations.length} foreign-key violation(s)`);
  }
  sqlite.pragma('foreign_keys = ON');
}

/**
 * Who may use the connection: anyone while no transaction is open, else only the code running inside it (followed
 * through its awaits) until it ends. A statement checks and runs in one synchronous step, so nothing slips between.
 */
class ConnectionLock {
  private readonly owner = new AsyncLocalStorage<symbol>();
  private holder: symbol | null = null;
  private free: Promise<void> = Promise.resolve();
  private release = () => {};

  /** The caller runs inside the open transaction. */
  mine(): boolean {
    return this.holder !== null && this.owner.getStore() === this.holder;
  }

  blocked(): boolean {
    return this.holder !== null && this.owner.getStore() !== this.holder;
  }

  released(): Promise<void> {
    return this.free;
  }

  async hold<T>(fn: () => Promise<T>): Promise<T> {
    while (this.holder !== null) await this.free;
    const me = Symbol('transaction');
    this.holder = me;
    this.free = new Promise<void>((r) => (this.release = r));
    try {
      return await this.owner.run(me, fn);
    } finally {
      this.holder = null;
      this.release();
    }
  }
}
