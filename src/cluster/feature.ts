import type { AppContext } from '../context';

/**
 * Joins the cluster before the first poll (so a node starting next to others polls only its share), then
 * heartbeats every cluster.heartbeat_s; the fleet refreshes membership at the start of every cycle too. When a
 * heartbeat finds devices newly this node's (another node died), they are polled at once, not at the next tick.
 */
export async function startCluster(ctx: AppContext): Promise<() => void> {
  const { fleet, membership } = ctx;
  const refresh = () => membership.heartbeat(fleet.owned().length);
  fleet.ownership = { refresh, owns: (row) => membership.owns(row.name, row.pollerGroup) };
  await refresh().catch((e) => ctx.faults.record('cluster', e));
  const beat = async () => {
    const before = new Set(fleet.owned().map((d) => d.row.name));
    await refresh();
    const gained = fleet.owned().filter((d) => !before.has(d.row.name)).map((d) => d.row.name);
    if (!gained.length) return;
    const started = performance.now();
    ctx.log.info('devices taken over from a node that left: polling them now', { devices: gained.length });
    // First in the queue of a cycle in flight, else in a cycle of their own: not a whole cycle of everything owned.
    await fleet.pollNow(gained);
    ctx.log.info('devices taken over from a node that left: all polled', { devices: gained.length, seconds: ((performance.now() - started) / 1000).toFixed(3) });
  };
  const timer = setInterval(ctx.faults.guard('cluster', beat), ctx.config.cluster.heartbeat_s * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
