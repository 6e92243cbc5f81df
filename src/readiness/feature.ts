import type { AppContext } from '../context';
import { registerReadinessMetrics } from './metrics';
import type { Readiness } from './service';

/** Starts readiness: fresh evidence and traffic deltas after every device poll, gauges on the app registry. */
export function startReadiness(ctx: AppContext, readiness: Readiness): void {
  ctx.fleet.onPolled((poll) => readiness.observe(poll));
  registerReadinessMetrics(ctx.registry, ctx.families, readiness);
}
