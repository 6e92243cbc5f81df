import type { AppContext } from '../http/context';
import { TrapMetrics } from './metrics';
import { TrapReceiver } from './receiver';
import { pruneEvents } from './retention';

/** ifName of an interface from the device's last interfaces poll (null if never polled or unknown). */
export function ifNameFromLastPoll(ctx: AppContext, device: string, ifIndex: string): string | null {
  const samples = ctx.fleet.states.get(device)?.samples.get('interfaces') ?? [];
  const s = samples.find((x) => x.labels.ifIndex === ifIndex);
  return s ? s.labels.ifName || s.labels.ifDescr || null : null;
}

/** Starts the trap receiver when enabled; the returned function stops it and writes what is queued. */
export function startTraps(ctx: AppContext, onStarted?: (r: TrapReceiver) => void): (() => Promise<void>) | void {
  const cfg = ctx.config.traps;
  if (!cfg.enabled) return;
  const metrics = new TrapMetrics(ctx.registry, cfg.unknown_sources_max);
  const receiver = new TrapReceiver(ctx.db, metrics, ctx.log, {
    port: cfg.port,
    address: cfg.address,
    ifName: (device, ifIndex) => ifNameFromLastPoll(ctx, device, ifIndex),
  });
  receiver.start().then(
    () => onStarted?.(receiver),
    (e: Error) => ctx.log.error('trap receiver could not start', { port: cfg.port, error: e.message }),
  );
  const prune = () => {
    const n = pruneEvents(ctx.db, cfg.retention_days);
    if (n) ctx.log.info('old trap events deleted', { events: n, retention_days: cfg.retention_days });
  };
  prune();
  const timer = setInterval(prune, 3600_000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await receiver.close();
  };
}
