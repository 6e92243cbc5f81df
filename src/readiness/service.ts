import { eq, sql } from 'drizzle-orm';
import { devices, units } from '../../db/schema/inventory';
import type { IpEvidence } from '../../collectors/ip-evidence';
import type { AppContext } from '../context';
import type { PollResult } from '../poll/result';
import { buildReport } from './report';
import { TrafficTracker } from './traffic';
import type { DeviceInput, ReadinessReport } from './types';
import { SharedEvidence } from './shared';

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
  /** The evidence of devices other nodes poll, when several share the fleet. */
  private readonly shared: SharedEvidence;

  constructor(private readonly ctx: AppContext) {
    this.traffic = new TrafficTracker(ctx.config.polling.counter_cache_seconds);
    this.shared = new SharedEvidence(ctx.db, ctx.membership.name);
  }

  /** Several live nodes split the fleet: evidence goes through the database. */
  private clustered(): boolean {
    return this.ctx.membership.view().filter((n) => n.alive).length > 1;
  }

  /** At the end of a cycle: this node's devices' evidence for the other nodes (nothing when alone). */
  publish(): void {
    if (!this.clustered()) return;
    if (this.ctx.membership.leader) this.shared.prune();
    this.shared.publish(
      this.ctx.fleet.owned().map(({ row, state }) => {
        const k = this.kept.get(row.name);
        return [row.name, { up: state.up, evidence: k?.evidence ?? null, at: k?.at ?? null, note: k?.note ?? 'never reached', traffic: this.traffic.get(row.name) ?? null }];
      }),
    );
  }

  /** Fleet listener: keep the poll's IP evidence and advance the traffic baseline. */
  observe(poll: PollResult): void {
    const name = poll.device.name;
    const { ip, ipCounters, system } = poll.evidence;
    const previous = this.kept.get(name);
    const at = poll.at;
    const errorOf = (collector: string) => poll.errors.find((e) => e.collector === collector);
    if (ip) {
      this.kept.set(name, { evidence: ip, at, note: null });
    } else if (poll.up) {
      // The ip collector runs every few cycles; in between, the last evidence stands as it was.
      const err = errorOf('ip');
      if (err || !previous?.evidence) {
        const note = err ? `ip collector failed: ${err.kind}: ${err.message}` : 'ip collector did not run';
        this.kept.set(name, { evidence: previous?.evidence ?? null, at: previous?.at ?? null, note });
      }
    } else if (!previous) {
      const err = poll.errors[0];
      this.kept.set(name, { evidence: null, at: null, note: `never reached${err ? ` (${err.kind}: ${err.message})` : ''}` });
    }
    const kept = this.kept.get(name);
    if (ipCounters && kept?.evidence) {
      // Counters come every cycle, the rest of the evidence every few: the freshest of each.
      kept.evidence = { ...kept.evidence, counters: ipCounters };
      this.traffic.observe(name, { at, upTime: system?.sysUpTime ?? null, ...ipCounters });
    } else if (kept?.evidence) {
      const err = errorOf('ip-traffic');
      const why = !poll.up ? 'the device did not answer' : err ? `the ip-traffic collector failed (${err.kind})` : 'the ip-traffic collector did not run';
      this.traffic.missed(name, at, `${why} at ${at.toISOString()}`);
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
    const others = this.clustered() ? this.shared.others() : null;
    return rows.map((r) => {
      const base = { name: r.name, unit: r.unit, role: r.role, address: r.address, srv6: r.srv6 ?? null };
      if (others && !this.ctx.fleet.owns(r)) {
        const o = others.get(r.name);
        if (o) return { ...base, up: o.up, evidence: o.evidence, evidenceAt: o.at, evidenceNote: o.note, traffic: o.traffic };
        const owner = this.ctx.membership.ownerOf(r.name, r.pollerGroup);
        return { ...base, up: null, evidence: null, evidenceAt: null, evidenceNote: `polled by ${owner ?? 'no live node'}; no evidence from it yet`, traffic: null };
      }
      const state = this.ctx.fleet.states.get(r.name);
      const k = this.kept.get(r.name);
      return {
        ...base,
        up: state?.up ?? null,
        evidence: k?.evidence ?? null,
        evidenceAt: k?.at ?? null,
        evidenceNote: k?.note ?? 'never reached',
        traffic: this.traffic.get(r.name) ?? null,
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
    const key = `${this.polls}|${this.writeStamp()}|${this.clustered() ? this.shared.stamp() : ''}`;
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
}
