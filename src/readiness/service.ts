import { eq } from 'drizzle-orm';
import { devices, units } from '../../db/schema/inventory';
import { parseIpEvidence, type IpEvidence } from '../../collectors/ip-evidence';
import type { DeviceRow } from '../../db/schema/inventory';
import type { AppContext } from '../http/context';
import type { DeviceState } from '../poll/state';
import { buildReport } from './report';
import { TrafficTracker } from './traffic';
import type { DeviceInput, ReadinessReport } from './types';

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
  readonly traffic = new TrafficTracker();
  private memo: { at: number; report: ReadinessReport } | null = null;

  constructor(private readonly ctx: AppContext) {}

  /** Fleet listener: parse the ip collector's varbinds into evidence and advance the traffic baseline. */
  observe(row: DeviceRow, state: DeviceState): void {
    const data = state.collected.get('ip');
    const previous = this.kept.get(row.name);
    if (data) {
      const evidence = parseIpEvidence(data, state.samples.get('interfaces') ?? []);
      const at = state.lastPollAt ?? new Date();
      this.kept.set(row.name, { evidence, at, note: null });
      this.traffic.observe(row.name, { at, ipv4: evidence.counters.ipv4, ipv6: evidence.counters.ipv6 });
    } else if (state.up) {
      const err = state.errors.find((e) => e.collector === 'ip');
      const note = err ? `ip collector failed: ${err.kind}: ${err.message}` : 'ip collector did not run';
      this.kept.set(row.name, { evidence: previous?.evidence ?? null, at: previous?.at ?? null, note });
    } else if (!previous) {
      const err = state.errors[0];
      this.kept.set(row.name, { evidence: null, at: null, note: `never reached${err ? ` (${err.kind}: ${err.message})` : ''}` });
    }
    this.memo = null;
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

  report(): ReadinessReport {
    const unitRows = this.ctx.db.select().from(units).orderBy(units.name).all();
    return buildReport(
      this.inputs(),
      unitRows.map((u) => ({ name: u.name, town: u.town, ipv4: u.ipv4, ipv6: u.ipv6 })),
      this.ctx.config.srv6?.locator_block,
    );
  }

  /** One report shared by all gauges of a scrape (prom-client collects them one by one). */
  snapshot(maxAgeMs = 1000): ReadinessReport {
    const now = Date.now();
    if (!this.memo || now - this.memo.at > maxAgeMs) this.memo = { at: now, report: this.report() };
    return this.memo.report;
  }
}

const instances = new WeakMap<AppContext, Readiness>();

/** The process's readiness state; routes (built before features start) and the feature share it. */
export function readinessFor(ctx: AppContext): Readiness {
  let r = instances.get(ctx);
  if (!r) instances.set(ctx, (r = new Readiness(ctx)));
  return r;
}
