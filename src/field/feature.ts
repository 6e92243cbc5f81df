import { lt } from 'drizzle-orm';
import { webSessions } from '../../db/schema/field';
import type { AppContext } from '../context';
import { seedFieldDemo } from './demo-seed';
import { registerFieldMetrics } from './metrics';

/** Field build-out start: gauges on the app registry, demo records in demo mode. */
export async function startField(ctx: AppContext): Promise<() => void> {
  registerFieldMetrics(ctx.leaderRegistry, ctx.db, ctx.log);
  if (ctx.demo) {
    const t0 = performance.now();
    if (await seedFieldDemo(ctx.db)) ctx.log.info('field demo data seeded (marked demo)', { ms: Math.round(performance.now() - t0) });
  }
  // Expired web sessions are dropped hourly, by one node.
  const sweep = setInterval(
    ctx.faults.guard('session-sweep', async () => {
      if (ctx.membership.leader) await ctx.db.delete(webSessions).where(lt(webSessions.expiresAt, new Date()));
    }),
    3_600_000,
  );
  sweep.unref();
  return () => clearInterval(sweep);
}
