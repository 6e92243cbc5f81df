import type { AppContext } from '../context';
import { registerDrillMetrics } from './metrics';
import { startSecuritySchedule } from './security-schedule';
import { seedDrillDemo } from './demo-seed';

/** yunet_drill_active, the demo drill in demo mode and, when configured, the faster snmp-security schedule during drills. */
export async function startDrills(ctx: AppContext): Promise<(() => Promise<void>) | void> {
  registerDrillMetrics(ctx.db, ctx.leaderRegistry);
  if (ctx.demo && (await seedDrillDemo(ctx.db))) ctx.log.info('demo drill seeded (marked demo)');
  return startSecuritySchedule(ctx);
}
