import type { AppContext } from '../context';
import { paced } from '../pace';
import { registerReadinessMetrics } from './metrics';
import type { Readiness } from './service';

/** Starts readiness: fresh evidence and traffic deltas after every device poll, gauges on the app registry. */
export function startReadiness(ctx: AppContext, readiness: Readiness): void {
  ctx.fleet.onPolled((poll) => readiness.observe(poll));
  registerReadinessMetrics(ctx.registry, ctx.families, readiness);
  // The report (and its series) is rebuilt once a cycle has ended, not by the first scrape that finds it stale.
  ctx.fleet.onCycleEnd(() => void paced(() => ctx.families.text()).catch((e) => ctx.faults.record('readiness', e)));
}
