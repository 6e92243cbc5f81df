import type { InterfaceRow, Sample, SystemIdentity } from '../../collectors/types';
import type { PollResult } from '../poll/result';
import { collectors } from '../../collectors/registry';

/** An interface as the device page shows it: the last poll's row and its rates over the last two polls. */
export interface InterfaceView extends InterfaceRow {
  /** Bits per second in and out between the two latest polls; null until there are two, or after a reset. */
  inBps: number | null;
  outBps: number | null;
}

export interface DeviceDetail {
  system: SystemIdentity | null;
  /** When the interfaces were last read, and over how long the rates are. */
  interfacesAt: Date | null;
  rateSeconds: number | null;
  interfaces: InterfaceView[];
  /** CPU and memory usage ratios by entity, from the last poll that read them. */
  usage: { entity: string; cpu: number | null; memory: number | null }[];
}

interface Kept {
  system: SystemIdentity | null;
  at: Date | null;
  rows: InterfaceRow[];
  /** Bits per second in and out of each row (2i, 2i + 1) since the poll before, NaN where there is none; worked out
   * when the rows arrive, so the previous rows' counters need not be kept (a map of them cost ~4 KB a device). */
  rates: Float64Array | null;
  rateSeconds: number | null;
  usage: DeviceDetail['usage'];
}

const USAGE = new Set(['yunet_device_cpu_usage_ratio', 'yunet_device_memory_usage_ratio']);
/** The collectors that report CPU or memory: the only samples the page needs (a poll has ~1,300 others). */
const USAGE_COLLECTORS = new Set(collectors.filter((c) => c.metrics.some((m) => USAGE.has(m.name))).map((c) => c.name));

/** Rate of a counter between two readings; null across a reset (the counter went back) or without both. */
function rate(now: bigint | null, before: bigint | null | undefined, seconds: number): number | null {
  if (now === null || before === null || before === undefined || seconds <= 0 || now < before) return null;
  return (Number(now - before) * 8) / seconds;
}

/** Each row's rates in and out against the row with its ifIndex in the poll before (NaN where there is none). */
function rates(before: InterfaceRow[], now: InterfaceRow[], seconds: number): Float64Array {
  const earlier = new Map(before.map((r) => [r.ifIndex, r]));
  const out = new Float64Array(now.length * 2);
  now.forEach((r, i) => {
    const b = earlier.get(r.ifIndex);
    out[2 * i] = rate(r.inOctets, b?.inOctets, seconds) ?? NaN;
    out[2 * i + 1] = rate(r.outOctets, b?.outOctets, seconds) ?? NaN;
  });
  return out;
}

function usageOf(samples: readonly Sample[]): DeviceDetail['usage'] {
  const byEntity = new Map<string, { entity: string; cpu: number | null; memory: number | null }>();
  for (const s of samples) {
    if (!USAGE.has(s.name)) continue;
    const entity = Object.values(s.labels).join(' ') || '—';
    const e = byEntity.get(entity) ?? { entity, cpu: null, memory: null };
    if (s.name === 'yunet_device_cpu_usage_ratio') e.cpu = Number(s.value);
    else e.memory = Number(s.value);
    byEntity.set(entity, e);
  }
  return [...byEntity.values()];
}

/**
 * What the device pages show beyond the exposition: identity, the last interface rows with their rates since the
 * poll before, CPU and memory. One entry per device, replaced at every poll.
 */
export class DeviceDetails {
  private readonly kept = new Map<string, Kept>();

  observe(poll: PollResult): void {
    const k: Kept = this.kept.get(poll.device.name) ?? { system: null, at: null, rows: [], rates: null, rateSeconds: null, usage: [] };
    if (poll.evidence.system) k.system = poll.evidence.system;
    const rows = poll.evidence.interfaces;
    if (rows) {
      k.rateSeconds = k.at ? (poll.at.getTime() - k.at.getTime()) / 1000 : null;
      k.rates = k.rateSeconds === null ? null : rates(k.rows, rows, k.rateSeconds);
      k.rows = rows;
      k.at = poll.at;
    }
    const usage = [...poll.samples].flatMap(([collector, s]) => (USAGE_COLLECTORS.has(collector) ? usageOf(s) : []));
    if (usage.length) k.usage = usage;
    this.kept.set(poll.device.name, k);
  }

  /** The device's identity from its last system poll, without building its interface rows (for fleet-wide reads). */
  system(device: string): SystemIdentity | null {
    return this.kept.get(device)?.system ?? null;
  }

  get(device: string): DeviceDetail | null {
    const k = this.kept.get(device);
    if (!k) return null;
    const bps = (i: number) => (k.rates && !Number.isNaN(k.rates[i]) ? k.rates[i] : null);
    return {
      system: k.system,
      interfacesAt: k.at,
      rateSeconds: k.rateSeconds,
      interfaces: k.rows.map((r, i) => ({ ...r, inBps: bps(2 * i), outBps: bps(2 * i + 1) })),
      usage: k.usage,
    };
  }

  /** Devices no longer in the inventory. */
  forget(keep: Set<string>): void {
    for (const name of this.kept.keys()) if (!keep.has(name)) this.kept.delete(name);
  }
}
