import type { AppContext } from '../context';
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
  // After every cycle: this node's evidence published for the others (theirs read), then the report and its series
  // rebuilt a time slice at a time, ahead of the scrapes.
  ctx.fleet.onCycleEnd(() =>
    void readiness
      .publish()
      .catch((e) => ctx.faults.record('readiness', e))
      .then(() => readiness.report())
      .then(() => ctx.families.text())
      .catch((e) => ctx.faults.record('readiness', e)),
  );
}
