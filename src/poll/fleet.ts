import { eq } from 'drizzle-orm';
import type { Db } from '../../db/index';
import { credentials, devices, units, type DeviceRow } from '../../db/schema/inventory';
import { collectors as allCollectors } from '../../collectors/registry';
import type { Collector, Sample } from '../../collectors/types';
import { credentialSchema, type Config, type Credential } from '../config/schema';
import { netSnmpTransport, SnmpClient } from '../snmp/client';
import type { TransportFactory } from '../snmp/transport';
import type { Logger } from '../log';
import { asPollError, collect, pollDevice } from './poll-device';
import type { PollListener, PollResult } from './result';
import { paced } from '../pace';
import { versionOf } from '../../db/versions';
import { emptyState, type DeviceState, type PollError, type RenderCuts, type RenderLimits, type SeriesRenderer } from './state';

type PollingConfig = Config['polling'];

/** A stable per-device offset, so collectors that run every N cycles spread over the cycles. */
function stagger(name: string): number {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) >>> 0;
  return h;
}

/** Which devices this node polls when several nodes share the fleet. */
export interface Ownership {
  /** Re-reads who is alive; called at the start of every cycle. */
  refresh(): Promise<void>;
  owns(row: DeviceRow): boolean;
}

export interface CycleSummary {
  cycle: number;
  ok: number;
  failed: number;
  skipped: number;
  /** Devices other nodes own. */
  elsewhere: number;
  durationSeconds: number;
  /**
   * A cycle over some devices, not all this node owns: `takeover`, those taken over from a node that died;
   * `catch-up`, those the start-up poll reached before the first tick.
   */
  partial: Subset['why'] | null;
}

/** The devices of a partial cycle, and why it runs. */
interface Subset {
  names: Set<string>;
  why: 'takeover' | 'catch-up';
}

interface Entry {
  row: DeviceRow;
  /** Device-wide labels, rendered: device="…",unit="…",town="…" */
  baseLabels: string;
  /** null when the device's row or credential cannot be used: `broken` says why, and it is not polled. */
  client: SnmpClient | null;
  broken: PollError | null;
  /** Identity of what the client was built from; a change reopens the session. */
  clientKey: string;
}


/**
 * The polled fleet: inventory rows, one SNMP client per device, and each device's latest state.
 * Inventory is re-read from the database at the start of every cycle, so API changes apply on the next poll.
 */
export class Fleet {
  readonly states = new Map<string, DeviceState>();
  private readonly entries = new Map<string, Entry>();
  private cycle = 0;
  private listeners: PollListener[] = [];
  lastCycle: CycleSummary | null = null;
  private cycleListeners: ((summary: CycleSummary) => void)[] = [];
  /** Where a failing poll listener is reported (it never stops the cycle). */
  onError: (component: string, e: unknown) => void = () => {};
  /** Set by the cluster: this node polls and exposes only the devices it owns. Unset, it owns all. */
  ownership: Ownership | null = null;
  /** SNMP requests and varbinds since start, for yunet_snmp_requests_total. */
  readonly totals = { requests: 0, varbinds: 0 };

  constructor(
    private readonly db: Db,
    private readonly polling: PollingConfig,
    private readonly log: Logger,
    private readonly render: SeriesRenderer,
    private readonly collectors: Collector[] = allCollectors,
    /** How devices are reached: net-snmp, or recorded walks in fast tests. */
    private readonly transport: TransportFactory = netSnmpTransport,
  ) {}

  /** Called once at the end of every cycle (the cycle-duration histogram, readiness' report). */
  onCycleEnd(fn: (summary: CycleSummary) => void): void {
    this.cycleListeners.push(fn);
  }

  /** Called with the result of each device poll, e.g. by readiness to take fresh evidence. */
  onPolled(fn: PollListener): void {
    this.listeners.push(fn);
  }

  /** Devices in inventory order with their rendered base labels. */
  list(): { row: DeviceRow; state: DeviceState }[] {
    return [...this.entries.values()].map((e) => ({ row: e.row, state: this.states.get(e.row.name)! }));
  }

  /** One device with its latest state. */
  device(name: string): { row: DeviceRow; state: DeviceState } | undefined {
    const e = this.entries.get(name);
    return e && { row: e.row, state: this.states.get(name)! };
  }

  /** The devices this node owns, with their latest state: what its /metrics exposes. */
  owned(): { row: DeviceRow; state: DeviceState }[] {
    return this.list().filter((d) => this.owns(d.row));
  }

  owns(row: DeviceRow): boolean {
    return this.ownership ? this.ownership.owns(row) : true;
  }

  /** The inventory version the entries were built from: a cycle re-reads the inventory only after a write. */
  private loaded: string | null = null;

  /** Re-reads inventory: new devices get a client, changed ones a fresh session, removed ones are closed. */
  async reload(): Promise<void> {
    const version = await versionOf(this.db, ['devices', 'units', 'credentials']);
    if (version === this.loaded) return;
    const [rows, unitRows, credentialRows] = await Promise.all([
      this.db.select().from(devices).where(eq(devices.enabled, true)),
      this.db.select().from(units),
      this.db.select().from(credentials),
    ]);
    // Applied in one synchronous step from here, so a concurrent reload never sees half of it.
    this.loaded = version;
    const unitTown = new Map(unitRows.map((u) => [u.name, u.town]));
    const secrets = new Map(credentialRows.map((c) => [c.name, c.secret]));
    const seen = new Set<string>();
    for (const row of rows) {
      seen.add(row.name);
      const secret = secrets.get(row.credential);
      const clientKey = `${row.address}|${row.port}|${secret}|${row.maxRepetitions ?? ''}`;
      const town = row.unit ? unitTown.get(row.unit) : null;
      const baseLabels = this.render.labels('', {
        device: row.name,
        ...(row.unit ? { unit: row.unit } : {}),
        ...(town ? { town } : {}),
      }, this.polling.max_label_bytes).slice(1, -1);
      const existing = this.entries.get(row.name);
      if (existing && existing.clientKey === clientKey) {
        existing.row = row;
        existing.baseLabels = baseLabels;
        continue;
      }
      existing?.client?.close();
      // One unusable row is that device's problem: it is reported for the device, the others poll on.
      const credential = parseCredential(row.credential, secret);
      const client =
        'error' in credential
          ? null
          : new SnmpClient(
              { address: row.address, port: row.port, credential: credential.ok },
              {
                timeoutMs: this.polling.timeout_ms,
                retries: this.polling.retries,
                maxRepetitions: row.maxRepetitions ?? this.polling.max_repetitions,
                maxWalkVarbinds: this.polling.max_walk_varbinds,
                maxWalkBytes: this.polling.max_walk_bytes,
              },
              this.transport,
            );
      const broken = 'error' in credential ? { kind: 'config' as const, message: credential.error, collector: 'config' } : null;
      if (broken) this.log.warn('device not polled', { device: row.name, error: broken.message });
      this.entries.set(row.name, { row, baseLabels, client, broken, clientKey });
      if (!this.states.has(row.name)) this.states.set(row.name, emptyState(row.name));
    }
    for (const [name, e] of this.entries) {
      if (seen.has(name)) continue;
      e.client?.close();
      this.entries.delete(name);
      this.states.delete(name);
    }
  }

  /** The cycle in flight, if any: one cycle at a time, whoever asks (the start-up poll, a cron tick, a test). */
  private running: Promise<CycleSummary> | null = null;
  /** While the cycle in flight still polls (null once its workers are done): hands it more devices, resolved once polled. */
  private addToCycle: ((entries: Entry[]) => Promise<void>) | null = null;

  /** Polls every due device; while a cycle runs, a second call joins it instead of polling twice. */
  runCycle(): Promise<CycleSummary> {
    return this.startCycle(null);
  }

  private startCycle(only: Subset | null): Promise<CycleSummary> {
    if (this.running) return this.running;
    this.running = this.pollCycle(only).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  get cycleRunning(): boolean {
    return this.running !== null;
  }

  /**
   * Polls these devices now (devices taken over from a node that died): first in the queue of the cycle in flight,
   * else in a cycle of their own once the one in flight has ended. Never two cycles at once. Resolves when they
   * have been polled.
   */
  async pollNow(names: string[]): Promise<void> {
    const asked = Date.now();
    const entries = names.map((n) => this.entries.get(n)).filter((e): e is Entry => !!e && this.owns(e.row));
    if (!entries.length) return;
    if (this.addToCycle) return this.addToCycle(entries);
    if (this.running) await this.running;
    // The cycle that was starting may have taken them already.
    await this.pollBehind(entries, asked, 'takeover');
  }

  /**
   * A tick came at `tickAt` while the cycle in flight (the start-up poll) ran: once that cycle ends, polls the devices
   * it had reached before the tick, so that every device is polled after every tick and none by two cycles at once.
   */
  async catchUp(tickAt: number): Promise<CycleSummary | null> {
    await this.running?.catch(() => {});
    return this.pollBehind([...this.entries.values()].filter((e) => this.owns(e.row)), tickAt, 'catch-up');
  }

  /** Polls those of `entries` not polled since `since` in a partial cycle; null when every one has been. */
  private async pollBehind(entries: Entry[], since: number, why: Subset['why']): Promise<CycleSummary | null> {
    const behind = entries.filter((e) => (this.states.get(e.row.name)?.lastPollAt?.getTime() ?? 0) < since);
    return behind.length ? this.startCycle({ names: new Set(behind.map((e) => e.row.name)), why }) : null;
  }

  /** A cycle: every due device this node owns (`only`: just those), a concurrency limit, backed-off devices wait. */
  private async pollCycle(only: Subset | null): Promise<CycleSummary> {
    const started = performance.now();
    try {
      await this.reload();
    } catch (err) {
      // The database is away: the last inventory read stands and the node polls it.
      this.onError('inventory', err);
    }
    try {
      await this.ownership?.refresh();
    } catch (err) {
      // The database is away: the last known membership stands and the node polls what it owned.
      this.onError('cluster', err);
    }
    const cycle = ++this.cycle;
    const mine: Entry[] = [];
    for (const e of this.entries.values()) {
      if (this.owns(e.row)) mine.push(e);
      // Another node polls it now: forget its state, so nothing stale is served if it comes back.
      else if (this.states.get(e.row.name)!.lastPollAt) this.states.set(e.row.name, emptyState(e.row.name));
    }
    const wanted = only ? mine.filter((e) => only.names.has(e.row.name)) : mine;
    const due = wanted.filter((e) => this.states.get(e.row.name)!.nextCycle <= cycle);
    let ok = 0;
    let failed = 0;
    const queue = [...due];
    const inCycle = new Set(due);
    /** Devices handed over during the cycle, and what to tell once each has been polled. */
    const handed = new Map<Entry, () => void>();
    let active = 0;
    const workers: Promise<void>[] = [];
    const worker = async () => {
      for (let e = queue.shift(); e; e = queue.shift()) {
        const up = await this.pollOne(e, cycle);
        if (up) ok++;
        else failed++;
        handed.get(e)?.();
      }
      active--;
    };
    const spawn = () => {
      while (active < this.polling.concurrency && active < queue.length) {
        active++;
        workers.push(worker());
      }
    };
    this.addToCycle = (entries) => {
      // Overdue devices go first; ones this cycle already has are not polled twice.
      const fresh = entries.filter((e) => !inCycle.has(e));
      for (const e of fresh) inCycle.add(e);
      queue.unshift(...fresh);
      spawn();
      return Promise.all(fresh.map((e) => new Promise<void>((r) => handed.set(e, r)))).then(() => {});
    };
    spawn();
    // Workers spawned while waiting (devices handed over) are waited for too.
    try {
      for (let i = 0; i < workers.length; i++) await workers[i];
    } finally {
      this.addToCycle = null;
      for (const told of handed.values()) told();
    }
    const summary = {
      cycle,
      ok,
      failed,
      skipped: wanted.length - due.length,
      partial: only?.why ?? null,
      elsewhere: this.entries.size - mine.length,
      durationSeconds: (performance.now() - started) / 1000,
    };
    if (!only) this.lastCycle = summary;
    for (const fn of this.cycleListeners) {
      try {
        fn(summary);
      } catch (err) {
        this.onError('cycle-listener', err);
      }
    }
    this.log.info('poll cycle', {
      cycle,
      ok,
      failed,
      skipped: summary.skipped,
      duration_s: summary.durationSeconds.toFixed(3),
      ...(summary.elsewhere ? { elsewhere: summary.elsewhere } : {}),
      ...(only ? { partial: only.why } : {}),
    });
    return summary;
  }

  private async pollOne(e: Entry, cycle: number): Promise<boolean> {
    const state = this.states.get(e.row.name)!;
    const client = e.client;
    const before = { ...(client?.stats ?? { requests: 0, varbinds: 0 }) };
    const t0 = performance.now();
    const due = (c: Collector) => this.isDue(c, state, cycle);
    const result = !client
      ? { up: false, facts: null, samples: new Map<string, Sample[]>(), evidence: {}, errors: [e.broken!], durations: new Map<string, number>() }
      : await pollDevice(e.row, client, this.collectors, {
          timeoutMs: this.polling.timeout_ms,
          probeInParallel: state.up === false,
          due,
        }).catch((err: Error) => ({
          up: false,
          facts: null,
          samples: new Map<string, Sample[]>(),
          evidence: {},
          errors: [asPollError(err, 'poll')],
          durations: new Map([['total', (performance.now() - t0) / 1000]]),
        }));
    const now = new Date();
    state.up = result.up;
    state.lastPollAt = now;
    state.errors = result.errors;
    for (const err of result.errors) state.errorsTotal.set(err.kind, (state.errorsTotal.get(err.kind) ?? 0) + 1);
    state.durations = result.durations;
    state.durations.set('total', (performance.now() - t0) / 1000);
    state.varbinds = (client?.stats.varbinds ?? 0) - before.varbinds;
    this.totals.requests += (client?.stats.requests ?? 0) - before.requests;
    this.totals.varbinds += state.varbinds;
    const carriedFamilies = new Map<string, Buffer>();
    if (result.up) {
      state.lastSuccessAt = now;
      state.facts = result.facts;
      for (const name of result.samples.keys()) state.lastRun.set(name, cycle);
      // Collectors that were not due this cycle keep serving their last values.
      for (const c of this.collectors) {
        if (result.samples.has(c.name) || !state.lastRun.has(c.name) || due(c) || !c.appliesTo(result.facts!)) continue;
        for (const m of c.metrics) {
          const buf = state.series.get(m.name);
          if (buf) carriedFamilies.set(m.name, buf);
        }
      }
      state.consecutiveFailures = 0;
      state.nextCycle = 0;
    } else {
      // Device series from an earlier poll would look current: drop them while the device is down.
      state.lastRun.clear();
      state.consecutiveFailures++;
      const over = state.consecutiveFailures - this.polling.backoff_after;
      if (over >= 0) state.nextCycle = cycle + Math.min(2 ** (over + 1), this.polling.backoff_max_cycles);
      // A stuck socket or a changed DNS answer: start the next attempt from a fresh session.
      client?.reset();
    }
    // The device's own series first, within its byte cap; yunet's series about the poll always follow.
    const cuts: RenderCuts = { labelValues: 0, families: 0 };
    const limits: RenderLimits = { maxLabelBytes: this.polling.max_label_bytes, maxBytes: this.polling.max_device_series_bytes };
    // Rendered, packed and put in place in one step: the writer's parts live in a scratch buffer that the next render
    // reuses, and a scrape must not see the old views of a buffer packed over in place.
    await paced(() => {
      const out = this.render.writer();
      out.write(e.baseLabels, ([] as Sample[]).concat(...result.samples.values()), limits, cuts);
      if (cuts.families) {
        const err: PollError = { kind: 'too_large', message: `series over ${limits.maxBytes} bytes: ${cuts.families} metric families dropped (polling.max_device_series_bytes)`, collector: 'render' };
        state.errors = [...state.errors, err];
        state.errorsTotal.set(err.kind, (state.errorsTotal.get(err.kind) ?? 0) + 1);
      }
      state.cuts = cuts;
      out.write(e.baseLabels, this.selfSamples(state, client), { ...limits, maxBytes: Infinity });
      for (const [name, buf] of carriedFamilies) out.keep(name, buf);
      const packed = out.pack(state.series, state.seriesBuffer);
      state.series = packed.series;
      state.seriesBuffer = packed.buffer;
    });
    const polled: PollResult = Object.freeze({
      device: e.row,
      at: now,
      up: result.up,
      facts: result.up ? result.facts : null,
      errors: Object.freeze([...state.errors]),
      samples: result.samples,
      evidence: Object.freeze(result.evidence),
    });
    for (const fn of this.listeners) {
      try {
        fn(polled);
      } catch (err) {
        this.onError('poll-listener', err);
      }
    }
    // Nothing of the result stays here: the values live on in the rendered series, and listeners keep what
    // they need. Holding samples for a 1,000-device fleet would cost hundreds of megabytes.
    return result.up;
  }

  /** Whether a collector runs for this device in this cycle: always, or every N cycles staggered by device. */
  private isDue(c: Collector, state: DeviceState, cycle: number): boolean {
    const every = this.polling.every_cycles[c.name] ?? 1;
    if (every <= 1 || !state.lastRun.has(c.name)) return true;
    return (cycle + stagger(state.name)) % every === 0 && state.lastRun.get(c.name)! < cycle;
  }

  /**
   * Runs one collector on a device between cycles (e.g. a faster drill-time schedule) over the device's own
   * session, and re-renders the families it emits. Only for devices the last poll reached; false otherwise.
   */
  async pollCollector(device: string, collector: Collector): Promise<boolean> {
    const state = this.states.get(device);
    const entry = this.entries.get(device);
    if (!state?.up || !state.facts || !entry) return false;
    if (!entry.client) return false;
    const { samples } = collector.parse(await collect(entry.client, collector, state.facts), state.facts);
    const fresh = this.render.series(entry.baseLabels, samples, { maxLabelBytes: this.polling.max_label_bytes, maxBytes: this.polling.max_device_series_bytes });
    for (const m of collector.metrics) {
      const buf = fresh.get(m.name);
      if (buf) state.series.set(m.name, buf);
      else state.series.delete(m.name);
    }
    return true;
  }

  private selfSamples(state: DeviceState, client: SnmpClient | null): Sample[] {
    const s: Sample[] = [
      { name: 'yunet_device_up', labels: {}, value: state.up ? 1 : 0 },
      { name: 'yunet_device_last_poll_timestamp_seconds', labels: {}, value: Math.floor((state.lastPollAt?.getTime() ?? 0) / 1000) },
      { name: 'yunet_device_varbinds', labels: {}, value: state.varbinds },
      { name: 'yunet_device_consecutive_failures', labels: {}, value: state.consecutiveFailures },
      { name: 'yunet_device_truncated', labels: {}, value: state.cuts.families ? 1 : 0 },
      { name: 'yunet_device_label_values_truncated', labels: {}, value: state.cuts.labelValues },
    ];
    if (client) s.push({ name: 'yunet_device_max_repetitions', labels: {}, value: client.maxRepetitions });
    for (const [collector, seconds] of state.durations) s.push({ name: 'yunet_device_poll_duration_seconds', labels: { collector }, value: seconds });
    for (const [kind, n] of state.errorsTotal) s.push({ name: 'yunet_snmp_errors_total', labels: { kind }, value: n });
    return s;
  }


  close(): void {
    for (const e of this.entries.values()) e.client?.close();
    this.entries.clear();
  }
}

/** A credential row as the poller needs it, or why it cannot be used (never quoting the secret). */
function parseCredential(name: string, secret: string | undefined): { ok: Credential } | { error: string } {
  if (secret === undefined) return { error: `credential "${name}" is not in the database` };
  let raw: unknown;
  try {
    raw = JSON.parse(secret);
  } catch {
    return { error: `credential "${name}" in the database is not readable JSON` };
  }
  const parsed = credentialSchema.safeParse(raw);
  if (!parsed.success) return { error: `credential "${name}" in the database is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.code}`).join('; ')}` };
  return { ok: parsed.data };
}
