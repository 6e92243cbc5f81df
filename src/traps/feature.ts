import type { AppContext } from '../context';
import { TrapMetrics } from './metrics';
import { TrapReceiver } from './receiver';
import { pruneEvents } from './retention';

/**
 * ifIndex → ifName (or ifDescr) of every device, from each poll's interfaces: linkDown/linkUp traps carry
 * only the ifIndex. Kept here because the fleet does not retain poll results.
 */
export function interfaceNames(ctx: AppContext): (device: string, ifIndex: string) => string | null {
  const names = new Map<string, Map<string, string>>();
  ctx.fleet.onPolled(({ device, evidence }) => {
    if (!evidence.interfaces) return;
    names.set(device.name, new Map(evidence.interfaces.map((i) => [String(i.ifIndex), i.name])));
  });
  return (device, ifIndex) => names.get(device)?.get(ifIndex) || null;
}

/** Starts the trap receiver when enabled; the returned function stops it and writes what is queued. */
export function startTraps(ctx: AppContext, onStarted?: (r: TrapReceiver) => void): (() => Promise<void>) | void {
  const cfg = ctx.config.traps;
  if (!cfg.enabled) return;
  const metrics = new TrapMetrics(ctx.registry, cfg.unknown_sources_max);
  const ifName = interfaceNames(ctx);
  const receiver = new TrapReceiver(ctx.db, metrics, ctx.log, {
    port: cfg.port,
    address: cfg.address,
    ifName,
    demo: ctx.demo,
    faults: ctx.faults,
    // Several nodes write the one table: each counts it again before keeping it under the caps.
    storage: { maxRows: cfg.max_events, maxBytes: cfg.max_event_bytes, maxQueue: cfg.max_queue, shared: () => !ctx.membership.alone },
    rejections: { maxSourcesPerMinute: cfg.rejection_sources_per_minute, maxRows: cfg.max_rejection_rows },
  });
  receiver.start().then(
    () => onStarted?.(receiver),
    (e: Error) => ctx.log.error('trap receiver could not start', { port: cfg.port, error: e.message }),
  );
  const prune = ctx.faults.guard('trap-retention', async () => {
    if (!ctx.membership.leader) return; // one node sweeps the shared table
    const gone = await pruneEvents(ctx.db, cfg.retention_days);
    receiver.writer.forget(gone.rows, gone.bytes);
    if (gone.rows) ctx.log.info('old trap events deleted', { events: gone.rows, retention_days: cfg.retention_days });
  });
  prune();
  const timer = setInterval(prune, 3600_000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await receiver.close();
  };
}
