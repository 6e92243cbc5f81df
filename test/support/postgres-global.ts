import { startPostgres } from './postgres-server';

/**
 * Vitest global set-up: with YUNET_TEST_DATABASE=postgres the whole suite runs on a PostgreSQL server started here
 * (every test its own database, test/support/database.ts); otherwise on SQLite and nothing starts.
 */
export default async function setup(): Promise<(() => Promise<void>) | void> {
  if (process.env.YUNET_TEST_DATABASE !== 'postgres') return;
  const server = await startPostgres();
  process.env.YUNET_TEST_POSTGRES_URL = server.url;
  return () => server.stop();
}
