import { eq } from 'drizzle-orm';
import { devices, units } from '../../db/schema/inventory';
import type { IpEvidence } from '../../collectors/ip-evidence';
import type { SystemIdentity } from '../../collectors/types';
import type { AppContext } from '../context';
import type { PollResult } from '../poll/result';
import { reportSteps } from './report';
import { sliced } from '../pace';
import { versionOf } from '../../db/versions';
import { TrafficTracker } from './traffic';
import type { DeviceInput, ReadinessReport, UnitInput } from './types';
import { SharedEvidence, type DeviceEvidence } from './shared';
import type { Elsewhere, SharedSeen } from '../topology/service';

interface Inventory {
  version: string;
  rows: (typeof devices.$inferSelect)[];
  units: UnitInput[];
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
  /** Each device's latest system identity polled here, and a counter moved when one changes. */
  private readonly systems = new Map<string, SystemIdentity>();
  private systemChanges = 0;
  /** Bumped by every poll result; with the inventory's version it keys the cached report. */
  private polls = 0;
  private builds = 0;
  private cached: { inventory: string; evidence: string; started: number; report: ReadinessReport } | null = null;
  private building: { inventory: string; report: Promise<ReadinessReport> } | null = null;
  private inventory: Inventory | null = null;
  /** The evidence of devices other nodes poll, when several share the fleet. */
  private readonly shared: SharedEvidence;

  /** `topologyOf`: a device's neighbours and interfaces as polled here, shared with the other nodes. */
  constructor(
    private readonly ctx: AppContext,
    private readonly topologyOf: (device: string) => SharedSeen | null = () => null,
  ) {
    this.traffic = new TrafficTracker(ctx.config.polling.counter_cache_seconds);
    this.shared = new SharedEvidence(ctx.db, ctx.membership.name, (e) => ctx.faults.record('cluster', e));
  }

  /** Several live nodes split the fleet: evidence goes through the database. */
  private clustered(): boolean {
    return !this.ctx.membership.alone;
  }

  /** At the end of a cycle: this node's devices' evidence for the other nodes (nothing when alone); report() reads theirs. */
  async publish(): Promise<void> {
    if (!this.clustered()) return;
    if (this.ctx.membership.leader) await this.shared.prune();
    await this.shared.publish(
      this.ctx.fleet.owned().map(({ row, state }) => {
        const k = this.kept.get(row.name);
        const system = this.systems.get(row.name) ?? null;
        const poll = { at: state.lastPollAt, vendor: state.facts?.vendor ?? null, errors: state.errors };
        const topology = this.topologyOf(row.name);
        return [row.name, { up: state.up, evidence: k?.evidence ?? null, at: k?.at ?? null, note: k?.note ?? 'never reached', traffic: this.traffic.get(row.name) ?? null, system, poll, topology }];
      }),
    );
  }

  /** Fleet listener: keep the poll's IP evidence and advance the traffic baseline. */
  observe(poll: PollResult): void {
    const name = poll.device.name;
    const { ip, ipCounters, system } = poll.evidence;
    const previous = this.kept.get(name);
    const at = poll.at;
    const known = this.systems.get(name);
    if (system && (known?.sysObjectID !== system.sysObjectID || known.sysDescr !== system.sysDescr || known.sysLocation !== system.sysLocation)) {
      this.systems.set(name, system);
      this.systemChanges++;
    }
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

  /** Enabled devices and the units, re-read only after a write to either table. */
  private async loadInventory(version: string): Promise<Inventory> {
    if (this.inventory?.version !== version) {
      // Disabled devices are not monitored, so they have no place in the readiness figures.
      const [rows, unitRows] = await Promise.all([
        this.ctx.db.select().from(devices).where(eq(devices.enabled, true)).orderBy(devices.name),
        this.ctx.db.select().from(units).orderBy(units.name),
      ]);
      this.inventory = { version, rows, units: unitRows.map((u) => ({ name: u.name, town: u.town, ipv4: u.ipv4, ipv6: u.ipv6 })) };
    }
    return this.inventory;
  }

  /** Inventory rows joined with what the fleet and this store know. */
  private inputs({ rows }: Inventory): DeviceInput[] {
    const names = new Set(rows.map((r) => r.name));
    for (const name of this.kept.keys())
      if (!names.has(name)) {
        this.kept.delete(name);
        this.traffic.forget(name);
        this.systems.delete(name);
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

  /** A device's identity from its latest system poll, by whichever node polls it. */
  system(device: string): SystemIdentity | null {
    const mine = this.systems.get(device);
    if (mine || !this.clustered()) return mine ?? null;
    return this.shared.others().get(device)?.system ?? null;
  }

  /** What the node polling a device elsewhere last published about it; null for this node's devices or alone. */
  elsewhere(device: string): (DeviceEvidence & { node: string }) | null {
    if (!this.clustered()) return null;
    return this.shared.others().get(device) ?? null;
  }

  /** Reads what the other nodes published since the last read (nothing when alone); report() does it too. */
  async sync(): Promise<void> {
    if (this.clustered()) await this.shared.refresh();
  }

  /** The topology other nodes published (as of the last sync()); nothing when alone. */
  topologyElsewhere(): Elsewhere {
    return this.clustered() ? this.shared.topology() : { stamp: '', devices: [] };
  }

  /** Moves when a device's identity changes here or another node publishes (as of the last sync()). */
  systemVersion(): string {
    return `${this.systemChanges}|${this.clustered() ? this.shared.stamp() : ''}`;
  }

  /** Moves with every write to devices and units, through any node. */
  private inventoryVersion(): Promise<string> {
    return versionOf(this.ctx.db, ['devices', 'units']);
  }

  /** Moves with every poll result here and every evidence publication of another node. */
  private evidenceVersion(): string {
    return `${this.polls}|${this.clustered() ? this.shared.stamp() : ''}`;
  }

  /** Builds a report a time slice at a time; of builds finishing out of order, the newest started is kept. */
  private async build(inventory: string, evidence: string): Promise<ReadinessReport> {
    const started = ++this.builds;
    const loaded = await this.loadInventory(inventory);
    const report = await sliced(reportSteps(this.inputs(loaded), loaded.units, this.ctx.config.srv6?.locator_block));
    if (!this.cached || this.cached.started < started) this.cached = { inventory, evidence, started, report };
    return report;
  }

  /**
   * The report over the latest polls and inventory, built a time slice at a time (5,000 devices take hundreds of
   * milliseconds); callers asking while a build over the same inventory runs share it.
   */
  async report(): Promise<ReadinessReport> {
    let inventory: string;
    try {
      await this.sync();
      inventory = await this.inventoryVersion();
    } catch (e) {
      // The database is away: the last report stands, as the polls go on from memory.
      if (this.cached) return this.cached.report;
      throw e;
    }
    const evidence = this.evidenceVersion();
    if (this.cached?.inventory === inventory && this.cached.evidence === evidence) return this.cached.report;
    if (this.building?.inventory === inventory) return this.building.report;
    const report = this.build(inventory, evidence);
    this.building = { inventory, report };
    try {
      return await report;
    } finally {
      if (this.building?.report === report) this.building = null;
    }
  }

  /**
   * The report for a scrape. While a cycle runs, evidence arrives device by device: the report of the last cycle's
   * end stands (unless the inventory changed), so scrapes during a cycle do not rebuild it. Otherwise the current.
   */
  async forScrape(): Promise<ReadinessReport> {
    if (this.ctx.fleet.cycleRunning && this.cached && this.cached.inventory === (await this.inventoryVersion().catch(() => this.cached?.inventory))) return this.cached.report;
    return this.report();
  }
}
