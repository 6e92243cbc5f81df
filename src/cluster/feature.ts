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
    const gained = fleet.owned().filter((d) => !before.has(d.row.name)).length;
    if (!gained) return;
    ctx.log.info('devices taken over from a node that left: polling them now', { devices: gained });
    // One cycle at a time: a cycle already running did not include them, so they get the one after it.
    if (fleet.cycleRunning) await fleet.runCycle();
    await fleet.runCycle();
  };
  const timer = setInterval(ctx.faults.guard('cluster', beat), ctx.config.cluster.heartbeat_s * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
