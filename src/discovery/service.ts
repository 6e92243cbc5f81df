import { Counter, Gauge } from 'prom-client';
import type { ScheduledTask } from 'node-cron';
import { count, eq } from 'drizzle-orm';
import { discoveryCandidates } from '../../db/schema/discovery';
import type { AppContext } from '../context';
import { schedule } from '../poll/scheduler';
import { sweep, type SweepResult } from './sweep';

/** One per app: the running sweep, the last result, and the discovery metrics. */
export class DiscoveryService {
  running: Promise<SweepResult> | null = null;
  last: (SweepResult & { finishedAt: string }) | null = null;
  lastError: string | null = null;
  private readonly duration: Gauge;
  private readonly finished: Gauge;
  /** Answers and neighbours not stored because the candidate table was full. */
  readonly dropped: Counter;

  constructor(private readonly ctx: AppContext) {
    const registers = [ctx.registry];
    this.duration = new Gauge({ name: 'yunet_discovery_sweep_duration_seconds', help: 'How long the last discovery sweep took.', registers });
    this.finished = new Gauge({ name: 'yunet_discovery_last_sweep_timestamp_seconds', help: 'When the last discovery sweep finished (Unix time).', registers });
    this.dropped = new Counter({ name: 'yunet_discovery_candidates_dropped_total', help: 'Answers not stored because the candidate table was full (discovery.max_candidates).', registers });
    const db = ctx.db;
    // Read from the shared table: served by the lease holder only, so a scrape of every node counts them once.
    new Gauge({
      name: 'yunet_discovery_candidates',
      help: 'Discovery candidates waiting for an admin, by unit and vendor ("" when unknown).',
      labelNames: ['unit', 'vendor'],
      registers: [ctx.leaderRegistry],
      async collect() {
        const rows = await db
          .select({ unit: discoveryCandidates.unit, vendor: discoveryCandidates.vendor, n: count() })
          .from(discoveryCandidates)
          .where(eq(discoveryCandidates.status, 'new'))
          .groupBy(discoveryCandidates.unit, discoveryCandidates.vendor);
        this.reset();
        for (const r of rows) this.set({ unit: r.unit ?? '', vendor: r.vendor ?? '' }, r.n);
      },
    });
  }

  /** Starts a sweep unless one is running; returns the running one either way. */
  start(): Promise<SweepResult> {
    if (this.running) return this.running;
    const cfg = this.ctx.config.discovery;
    this.running = sweep(this.ctx.db, cfg, { timeoutMs: this.ctx.config.polling.timeout_ms })
      .then((r) => {
        this.last = { ...r, finishedAt: new Date().toISOString() };
        this.lastError = null;
        this.duration.set(r.durationSeconds);
        this.finished.set(Date.now() / 1000);
        if (r.outcomes.dropped) this.dropped.inc(r.outcomes.dropped);
        this.ctx.log.info('discovery sweep finished', { addresses: r.addresses, requests: r.requests, answered: r.answered, seconds: r.durationSeconds });
        return r;
      })
      .catch((e: Error) => {
        this.lastError = e.message;
        this.ctx.log.error('discovery sweep failed', { error: e.message });
        throw e;
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  async pending(): Promise<number> {
    const [row] = await this.ctx.db.select({ n: count() }).from(discoveryCandidates).where(eq(discoveryCandidates.status, 'new'));
    return row?.n ?? 0;
  }
}

const services = new WeakMap<AppContext, DiscoveryService>();

export function discoveryService(ctx: AppContext): DiscoveryService {
  let s = services.get(ctx);
  if (!s) services.set(ctx, (s = new DiscoveryService(ctx)));
  return s;
}

/** Feature start: metrics always; the sweep schedule when discovery is enabled and has one. */
export function startDiscovery(ctx: AppContext): (() => Promise<void>) | void {
  const service = discoveryService(ctx);
  const { enabled, schedule: expr } = ctx.config.discovery;
  if (!enabled || !expr) return;
  // One node sweeps: every node would send the same probes.
  const task: ScheduledTask = schedule(expr, ctx.config.polling.timezone, 'discovery', () => (ctx.membership.leader ? service.start() : Promise.resolve()), ctx.log, (e) => ctx.faults.record('discovery', e));
  return async () => {
    await task.destroy();
  };
}
