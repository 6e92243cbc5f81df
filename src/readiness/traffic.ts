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
  /** The latest interval in which the counters moved; null until there is one. */
  delta: TrafficDelta | null;
  /** Why there is no fresh interval right now (reset, counters missing, counters cached by the agent), if so. */
  note: string | null;
  /** Set while the counters have not moved since this time and `delta` is an older interval. */
  unchangedSince?: Date;
}

/**
 * Longest an agent is taken to cache counters. Agents answer counters from caches (net-snmp's snmpd
 * refreshes ipSystemStats about once a minute; much gear caches for 5–60 s): within this window a
 * family whose counter did not move has "no new data", not "no traffic". Past it, it really carried none.
 */
export const COUNTER_CACHE_SECONDS = 300;

/**
 * Per-device baselines. A new reading closes an interval only when both IP versions' counters moved
 * since the baseline (or the baseline is older than the cache window); otherwise the baseline stays and
 * the latest closed interval keeps answering, so polls faster than the agent's cache never read as zero.
 */
export class TrafficTracker {
  private readonly baseline = new Map<string, CounterReading>();
  private readonly states = new Map<string, TrafficState>();

  constructor(private readonly cacheSeconds = COUNTER_CACHE_SECONDS) {}

  observe(device: string, reading: CounterReading): TrafficState {
    const base = this.baseline.get(device);
    const held = this.states.get(device)?.delta ?? null;
    let state: TrafficState;
    if (!base) {
      this.baseline.set(device, reading);
      state = { delta: null, note: 'needs a second poll to measure traffic' };
    } else {
      const r = trafficDelta(base, reading);
      if (r.kind !== 'delta') {
        this.baseline.set(device, reading);
        state = { delta: null, note: r.kind === 'reset' ? `counters reset: ${r.reason}` : r.reason };
      } else {
        const age = (reading.at.getTime() - base.at.getTime()) / 1000;
        const moved = r.delta.ipv4Octets > 0n && r.delta.ipv6Octets > 0n;
        if (moved || age >= this.cacheSeconds) {
          this.baseline.set(device, reading);
          state = { delta: r.delta, note: null };
        } else {
          const since = base.at.toISOString();
          state = {
            delta: held,
            unchangedSince: base.at,
            note: held
              ? `counters have not moved for both IP versions since ${since} (the agent caches them): using the interval ending at ${held.to.toISOString()}`
              : `counters have not moved for both IP versions since ${since} (the agent caches them): no interval yet`,
          };
        }
      }
    }
    this.states.set(device, state);
    return state;
  }

  get(device: string): TrafficState | undefined {
    return this.states.get(device);
  }

  forget(device: string): void {
    this.baseline.delete(device);
    this.states.delete(device);
  }
}
