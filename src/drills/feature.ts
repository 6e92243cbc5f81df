import type { AppContext } from '../context';
import { registerDrillMetrics } from './metrics';
import { startSecuritySchedule } from './security-schedule';

/** yunet_drill_active and, when configured, the faster snmp-security schedule during drills. */
export function startDrills(ctx: AppContext): (() => Promise<void>) | void {
  registerDrillMetrics(ctx.db, ctx.registry);
  return startSecuritySchedule(ctx);
}
