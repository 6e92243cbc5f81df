import type { AppContext } from '../context';

/**
 * Joins the cluster before the first poll (so a node starting next to others polls only its share), then
 * heartbeats every cluster.heartbeat_s, and once more when a peer's heartbeat expires (a peer that died is seen at
 * node_timeout_s after its last heartbeat, not up to heartbeat_s later); the fleet refreshes membership at the start
 * of every cycle too. When a heartbeat finds devices newly this node's (another node died), they are polled at once,
 * not at the next tick.
 */
export async function startCluster(ctx: AppContext): Promise<() => void> {
  const { fleet, membership } = ctx;
  const refresh = () => membership.heartbeat(fleet.owned().length);
  fleet.ownership = { refresh, owns: (row) => membership.owns(row.name, row.pollerGroup) };
  await refresh().catch((e) => ctx.faults.record('cluster', e));

  let expiry: NodeJS.Timeout | undefined;
  // Armed only after a heartbeat that succeeded: with the database away, the regular heartbeats retry.
  const watchExpiry = () => {
    clearTimeout(expiry);
    const at = membership.nextExpiry();
    if (at === null) return;
    expiry = setTimeout(guarded, Math.max(0, at - Date.now()));
    expiry.unref();
  };
  // One heartbeat at a time: two at once would both find the same devices gained and poll them twice.
  let last: Promise<unknown> = Promise.resolve();
  const gainedByHeartbeat = (): Promise<string[]> => {
    const next = last.then(async () => {
      const before = new Set(fleet.owned().map((d) => d.row.name));
      await refresh();
      watchExpiry();
      return fleet.owned().filter((d) => !before.has(d.row.name)).map((d) => d.row.name);
    });
    last = next.catch(() => {});
    return next;
  };
  const beat = async () => {
    const gained = await gainedByHeartbeat();
    if (!gained.length) return;
    const started = performance.now();
    ctx.log.info('devices taken over from a node that left: polling them now', { devices: gained.length });
    // First in the queue of a cycle in flight, else in a cycle of their own: not a whole cycle of everything owned.
    await fleet.pollNow(gained);
    ctx.log.info('devices taken over from a node that left: all polled', { devices: gained.length, seconds: ((performance.now() - started) / 1000).toFixed(3) });
  };
  const guarded = ctx.faults.guard('cluster', beat);
  watchExpiry();
  const timer = setInterval(guarded, ctx.config.cluster.heartbeat_s * 1000);
  timer.unref();
  return () => {
    clearInterval(timer);
    clearTimeout(expiry);
  };
}
