import type { AppContext } from '../context';
import { seedFieldDemo } from './demo-seed';
import { registerFieldMetrics } from './metrics';
import { sqliteOf } from './sqlite';

/** Field build-out start: gauges on the app registry, demo records in demo mode. */
export function startField(ctx: AppContext): () => void {
  const sqlite = sqliteOf(ctx.db);
  registerFieldMetrics(ctx.leaderRegistry, sqlite, ctx.log);
  if (ctx.demo) {
    const t0 = performance.now();
    if (seedFieldDemo(sqlite)) ctx.log.info('field demo data seeded (marked demo)', { ms: Math.round(performance.now() - t0) });
  }
  // Expired web sessions are dropped hourly, by one node.
  const sweep = setInterval(
    ctx.faults.guard('session-sweep', () => ctx.membership.leader && sqlite.prepare('DELETE FROM web_sessions WHERE expires_at < ?').run(Math.floor(Date.now() / 1000))),
    3_600_000,
  );
  sweep.unref();
  return () => clearInterval(sweep);
}
