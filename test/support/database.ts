import pg from 'pg';

/** The dialect the suite runs on (YUNET_TEST_DATABASE=postgres for PostgreSQL; SQLite otherwise). */
export const testDialect = process.env.YUNET_TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';

let created = 0;
/** One PostgreSQL database per SQLite path named, as the file would be one (':memory:' is new every time). */
const databases = new Map<string, Promise<string>>();

/**
 * Where a test keeps its data: the SQLite file it names, or on PostgreSQL a database of its own, created empty
 * (yunet migrates it). Use it for `database:` in a config; `databaseTarget()` for openDatabase().
 */
export async function testDatabase(sqlitePath: string): Promise<{ path: string; url?: string }> {
  if (testDialect === 'sqlite') return { path: sqlitePath };
  let url = databases.get(sqlitePath);
  if (!url) {
    url = createDatabase();
    if (sqlitePath !== ':memory:') databases.set(sqlitePath, url);
  }
  return { path: sqlitePath, url: await url };
}

async function createDatabase(): Promise<string> {
  const admin = process.env.YUNET_TEST_POSTGRES_URL;
  if (!admin) throw new Error('YUNET_TEST_DATABASE=postgres but no server was started (test/support/postgres-global.ts)');
  const name = `yunet_${process.pid}_${++created}_${Date.now().toString(36)}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The same as a target for openDatabase(). */
export async function databaseTarget(sqlitePath: string): Promise<string> {
  const d = await testDatabase(sqlitePath);
  return d.url ?? d.path;
}
