import { spawnSync } from 'node:child_process';
import { postgresBinary } from './postgres-server';
import { strict } from './requirements';

/**
 * `npm test`'s second pass: the whole suite again on PostgreSQL (a server started for the run, a database per
 * test). Where PostgreSQL is not installed it is skipped with one line saying so; under YUNET_TEST_STRICT=1 that fails.
 */
if (!postgresBinary('initdb') || !postgresBinary('pg_ctl')) {
  const why = "the PostgreSQL pass needs PostgreSQL's initdb and pg_ctl (Debian package postgresql)";
  if (strict) {
    console.error(`YUNET_TEST_STRICT=1 and ${why}`);
    process.exit(1);
  }
  console.warn(`skipped: ${why}`);
  process.exit(0);
}
const run = spawnSync('npx', ['vitest', 'run', ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, YUNET_TEST_DATABASE: 'postgres' } });
process.exit(run.status ?? 1);
