import type { AppContext } from '../context';

/**
 * Joins the cluster before the first poll (so a node starting next to others polls only its share), then
 * heartbeats every cluster.heartbeat_s; the fleet refreshes membership at the start of every cycle too.
 */
export async function startCluster(ctx: AppContext): Promise<() => void> {
  const { fleet, membership } = ctx;
  const refresh = () => membership.heartbeat(fleet.owned().length);
  fleet.ownership = { refresh, owns: (row) => membership.owns(row.name, row.pollerGroup) };
  await refresh().catch((e) => ctx.faults.record('cluster', e));
  const timer = setInterval(ctx.faults.guard('cluster', refresh), ctx.config.cluster.heartbeat_s * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
