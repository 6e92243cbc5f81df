import { eq, sql } from 'drizzle-orm';
import { devices, units } from '../../db/schema/inventory';
import { ipCounters, parseIpEvidence, type IpEvidence } from '../../collectors/ip-evidence';
import type { DeviceRow } from '../../db/schema/inventory';
import type { AppContext } from '../context';
import type { DeviceState } from '../poll/state';
import { buildReport } from './report';
import { TrafficTracker } from './traffic';
import type { DeviceInput, ReadinessReport } from './types';

/** sysUpTime of this poll (the system GET runs first on every poll), to tell an agent restart. */
function upTime(state: DeviceState): number | null {
  const v = state.samples.get('system')?.find((x) => x.name === 'sysUpTime')?.value;
  return v === undefined ? null : Number(v);
}

interface Kept {
  evidence: IpEvidence | null;
  at: Date | null;
  note: string | null;
}

/**
 * Readiness state of the running process: the latest IP evidence of every device (kept while a device is
 * down, so an outage does not erase what was known) and the traffic baselines between polls.
 */
export class Readiness {
  private readonly kept = new Map<string, Kept>();
  readonly traffic: TrafficTracker;
  /** Bumped by every poll result; with the inventory's change stamp it keys the cached report. */
  private polls = 0;
  private cached: { key: string; report: ReadinessReport } | null = null;

  constructor(private readonly ctx: AppContext) {
    this.traffic = new TrafficTracker(ctx.config.polling.counter_cache_seconds);
  }

  /** Fleet listener: parse the ip collector's varbinds into evidence and advance the traffic baseline. */
  observe(row: DeviceRow, state: DeviceState): void {
    const data = state.collected.get('ip');
    const previous = this.kept.get(row.name);
    const at = state.lastPollAt ?? new Date();
    if (data) {
      const evidence = parseIpEvidence(data, state.samples.get('interfaces') ?? []);
      this.kept.set(row.name, { evidence, at, note: null });
    } else if (state.up) {
      // The ip collector runs every few cycles; in between, the last evidence stands as it was.
      const err = state.errors.find((e) => e.collector === 'ip');
      if (err || !previous?.evidence) {
        const note = err ? `ip collector failed: ${err.kind}: ${err.message}` : 'ip collector did not run';
        this.kept.set(row.name, { evidence: previous?.evidence ?? null, at: previous?.at ?? null, note });
      }
    } else if (!previous) {
      const err = state.errors[0];
      this.kept.set(row.name, { evidence: null, at: null, note: `never reached${err ? ` (${err.kind}: ${err.message})` : ''}` });
    }
    const counters = state.collected.get('ip-traffic');
    const known = this.kept.get(row.name)?.evidence;
    if (counters && known) {
      known.counters = ipCounters(counters.get);
      this.traffic.observe(row.name, { at, upTime: upTime(state), ...known.counters });
    } else if (known) {
      const err = state.errors.find((e) => e.collector === 'ip-traffic');
      const why = !state.up ? 'the device did not answer' : err ? `the ip-traffic collector failed (${err.kind})` : 'the ip-traffic collector did not run';
      this.traffic.missed(row.name, at, `${why} at ${at.toISOString()}`);
    }
    this.polls++;
  }

  /** Inventory rows joined with what the fleet and this store know. */
  inputs(): DeviceInput[] {
    // Disabled devices are not monitored, so they have no place in the readiness figures.
    const rows = this.ctx.db.select().from(devices).where(eq(devices.enabled, true)).orderBy(devices.name).all();
    const names = new Set(rows.map((r) => r.name));
    for (const name of this.kept.keys())
      if (!names.has(name)) {
        this.kept.delete(name);
        this.traffic.forget(name);
      }
    return rows.map((r) => {
      const state = this.ctx.fleet.states.get(r.name);
      const k = this.kept.get(r.name);
      return {
        name: r.name,
        unit: r.unit,
        role: r.role,
        address: r.address,
        up: state?.up ?? null,
        evidence: k?.evidence ?? null,
        evidenceAt: k?.at ?? null,
        evidenceNote: k?.note ?? 'never reached',
        traffic: this.traffic.get(r.name) ?? null,
        srv6: r.srv6 ?? null,
      };
    });
  }

  /**
   * Rows written through this process's database connection so far (SQLite total_changes()): any inventory
   * write moves it, so a cached report is never older than the inventory. (updated_at has only 1 s resolution.)
   */
  private writeStamp(): number {
    return this.ctx.db.get<{ n: number }>(sql`select total_changes() as n`).n;
  }

  /** The report, recomputed only after a poll result or a database write. */
  report(): ReadinessReport {
    const key = `${this.polls}|${this.writeStamp()}`;
    if (this.cached?.key === key) return this.cached.report;
    const unitRows = this.ctx.db.select().from(units).orderBy(units.name).all();
    const report = buildReport(
      this.inputs(),
      unitRows.map((u) => ({ name: u.name, town: u.town, ipv4: u.ipv4, ipv6: u.ipv6 })),
      this.ctx.config.srv6?.locator_block,
    );
    this.cached = { key, report };
    return report;
  }

  /** What the gauges read: the cached report. */
  snapshot(): ReadinessReport {
    return this.report();
  }
}
