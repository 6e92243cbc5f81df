import type { AppContext } from '../context';
import { paced } from '../pace';
import { registerReadinessMetrics } from './metrics';
import type { Readiness } from './service';

/** Starts readiness: fresh evidence and traffic deltas after every device poll, gauges on the app registry. */
export function startReadiness(ctx: AppContext, readiness: Readiness): void {
  ctx.fleet.onPolled((poll) => readiness.observe(poll));
  // Unit and district figures judge the whole fleet: served by the lease holder only. Device series by each owner.
  registerReadinessMetrics(ctx.leaderRegistry, ctx.families, readiness, (device) => {
    const d = ctx.fleet.device(device);
    return !!d && ctx.fleet.owns(d.row);
  });
  ctx.fleet.onCycleEnd(() => {
    try {
      readiness.publish();
    } catch (e) {
      ctx.faults.record('readiness', e);
    }
  });
  // The report (and its series) is rebuilt once a cycle has ended, not by the first scrape that finds it stale.
  ctx.fleet.onCycleEnd(() => void paced(() => ctx.families.text()).catch((e) => ctx.faults.record('readiness', e)));
}
