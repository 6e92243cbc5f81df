import type { AppContext } from '../context';
import { registerReadinessMetrics } from './metrics';
import type { Readiness } from './service';

/** Starts readiness: fresh evidence and traffic deltas after every device poll, gauges on the app registry. */
export function startReadiness(ctx: AppContext, readiness: Readiness): void {
  ctx.fleet.onPolled((poll) => readiness.observe(poll));
  // Device series, unit and district figures judge the whole fleet: served by one node (ctx.membership.fleetWide).
  registerReadinessMetrics(ctx.leaderRegistry, ctx.families, readiness);
  // After every cycle: this node's evidence published for the others; on the node serving the fleet's figures, the
  // report (over everyone's evidence) and its series rebuilt a time slice at a time, ahead of the scrapes. The other
  // nodes build it only when a page asks.
  ctx.fleet.onCycleEnd(() =>
    void readiness
      .publish()
      .catch((e) => ctx.faults.record('readiness', e))
      .then(async () => {
        if (!ctx.membership.fleetWide) return;
        await readiness.report();
        await ctx.families.text();
      })
      .catch((e) => ctx.faults.record('readiness', e)),
  );
}
