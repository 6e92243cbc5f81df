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
  previous: { at: Date; octets: Map<number, [bigint | null, bigint | null]> } | null;
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
 * What the device pages show beyond the exposition: identity, the last interface rows with the octet counters
 * of the poll before (for rates), CPU and memory. One entry per device, replaced at every poll.
 */
export class DeviceDetails {
  private readonly kept = new Map<string, Kept>();

  observe(poll: PollResult): void {
    const k = this.kept.get(poll.device.name) ?? { system: null, at: null, rows: [], previous: null, usage: [] };
    if (poll.evidence.system) k.system = poll.evidence.system;
    if (poll.evidence.interfaces) {
      if (k.at) k.previous = { at: k.at, octets: new Map(k.rows.map((r) => [r.ifIndex, [r.inOctets, r.outOctets]])) };
      k.rows = poll.evidence.interfaces;
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
    const seconds = k.at && k.previous ? (k.at.getTime() - k.previous.at.getTime()) / 1000 : null;
    return {
      system: k.system,
      interfacesAt: k.at,
      rateSeconds: seconds,
      interfaces: k.rows.map((r) => {
        const before = k.previous?.octets.get(r.ifIndex);
        return { ...r, inBps: seconds ? rate(r.inOctets, before?.[0], seconds) : null, outBps: seconds ? rate(r.outOctets, before?.[1], seconds) : null };
      }),
      usage: k.usage,
    };
  }

  /** Devices no longer in the inventory. */
  forget(keep: Set<string>): void {
    for (const name of this.kept.keys()) if (!keep.has(name)) this.kept.delete(name);
  }
}
