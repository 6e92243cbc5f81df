import type { ScheduledTask } from 'node-cron';
import { snmpSecurity } from '../../collectors/snmp-security';
import type { AppContext } from '../context';
import { schedule } from '../poll/scheduler';
import { activeDrills, inScope } from './store';

/**
 * During an active drill, polls only the snmp-security collector of the devices in the drill's scope
 * on a faster schedule, so guessed communities and wrong v3 keys show within seconds. The fresh
 * counters replace the device's snmp-security series (Fleet.pollCollector) until the next full poll.
 */
export class SecurityPoller {
  constructor(private readonly ctx: AppContext) {}

  /** One tick; returns the devices polled. */
  async tick(now = new Date()): Promise<string[]> {
    const { db, fleet } = this.ctx;
    const drills = await activeDrills(db, now);
    if (!drills.length) return [];
    const polled: string[] = [];
    await Promise.all(
      fleet
        .list()
        .filter(({ row }) => drills.some((dr) => inScope(dr, row.unit)))
        .map(async ({ row }) => {
          try {
            // Dead devices stay the main poll's business: pollCollector skips what the last poll did not reach.
            if (await fleet.pollCollector(row.name, snmpSecurity)) polled.push(row.name);
          } catch {
            /* the main poll records errors; a missed fast tick is not news */
          }
        }),
    );
    return polled;
  }
}

/** Starts the drill schedule when `drills.security_schedule` is configured. */
export function startSecuritySchedule(ctx: AppContext): (() => Promise<void>) | void {
  const expr = ctx.config.drills.security_schedule;
  if (!expr) return;
  const poller = new SecurityPoller(ctx);
  const task: ScheduledTask = schedule(expr, ctx.config.polling.timezone, 'drill-security', () => poller.tick(), ctx.log, (e) => ctx.faults.record('drill-security', e));
  return async () => {
    await task.destroy();
  };
}
