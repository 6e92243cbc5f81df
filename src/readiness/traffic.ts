import type { OctetCounters } from '../../collectors/ip-evidence';

/** ipSystemStats octet counters of one poll. */
export interface CounterReading {
  at: Date;
  ipv4: OctetCounters | null;
  ipv6: OctetCounters | null;
}

/** Octets moved between two polls, in and out together. */
export interface TrafficDelta {
  from: Date;
  to: Date;
  ipv4Octets: bigint;
  ipv6Octets: bigint;
}

export type DeltaResult =
  | { kind: 'delta'; delta: TrafficDelta }
  | { kind: 'reset'; reason: string }
  | { kind: 'unavailable'; reason: string };

/**
 * The octets between two readings. A counter that went backwards (agent restart, wrap of a broken
 * 64-bit counter) or a changed ipSystemStatsDiscontinuityTime means the interval says nothing: reset.
 */
export function trafficDelta(prev: CounterReading, next: CounterReading): DeltaResult {
  if (!next.ipv4 || !next.ipv6) return { kind: 'unavailable', reason: 'the device does not report ipSystemStats HC octets for both IP versions' };
  if (!prev.ipv4 || !prev.ipv6) return { kind: 'reset', reason: 'first reading with both IP versions' };
  for (const v of ['ipv4', 'ipv6'] as const) {
    const a = prev[v]!;
    const b = next[v]!;
    if (a.discontinuity !== b.discontinuity) return { kind: 'reset', reason: `${v} counter discontinuity (ipSystemStatsDiscontinuityTime ${a.discontinuity} → ${b.discontinuity})` };
    if (b.in < a.in || b.out < a.out) return { kind: 'reset', reason: `${v} octet counter went backwards` };
  }
  return {
    kind: 'delta',
    delta: {
      from: prev.at,
      to: next.at,
      ipv4Octets: next.ipv4.in - prev.ipv4.in + (next.ipv4.out - prev.ipv4.out),
      ipv6Octets: next.ipv6.in - prev.ipv6.in + (next.ipv6.out - prev.ipv6.out),
    },
  };
}

/** IPv6 octets over all octets; null when nothing moved. */
export function ipv6Share(ipv4Octets: bigint, ipv6Octets: bigint): number | null {
  const total = ipv4Octets + ipv6Octets;
  if (total === 0n) return null;
  // Scale in bigint first so very large deltas keep their precision.
  return Number((ipv6Octets * 1_000_000n) / total) / 1_000_000;
}

export interface TrafficState {
  /** The latest usable interval; null until two comparable readings exist. */
  delta: TrafficDelta | null;
  /** Why there is no interval right now (reset, counters missing), if so. */
  note: string | null;
}

/** Per-device baselines: each new reading is compared with the previous one. */
export class TrafficTracker {
  private readonly last = new Map<string, CounterReading>();
  private readonly states = new Map<string, TrafficState>();

  observe(device: string, reading: CounterReading): TrafficState {
    const prev = this.last.get(device);
    this.last.set(device, reading);
    let state: TrafficState;
    if (!prev) state = { delta: null, note: 'needs a second poll to measure traffic' };
    else {
      const r = trafficDelta(prev, reading);
      state = r.kind === 'delta' ? { delta: r.delta, note: null } : { delta: null, note: r.kind === 'reset' ? `counters reset: ${r.reason}` : r.reason };
    }
    this.states.set(device, state);
    return state;
  }

  get(device: string): TrafficState | undefined {
    return this.states.get(device);
  }

  forget(device: string): void {
    this.last.delete(device);
    this.states.delete(device);
  }
}
