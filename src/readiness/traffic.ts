import type { OctetCounters } from '../../collectors/ip-evidence';

/** ipSystemStats octet counters of one poll, with the agent's sysUpTime of the same poll. */
export interface CounterReading {
  at: Date;
  /** sysUpTime in centiseconds, null when not read; going back means the agent restarted. */
  upTime: number | null;
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
 * The octets between two readings. sysUpTime going back (agent restart), a changed
 * ipSystemStatsDiscontinuityTime or a counter going down (a restart the agent did not report, or a
 * broken 64-bit counter) mean the interval says nothing: reset.
 */
export function trafficDelta(prev: CounterReading, next: CounterReading): DeltaResult {
  if (!next.ipv4 || !next.ipv6) return { kind: 'unavailable', reason: 'the device does not report ipSystemStats HC octets for both IP versions' };
  if (!prev.ipv4 || !prev.ipv6) return { kind: 'reset', reason: 'first reading with both IP versions' };
  if (prev.upTime !== null && next.upTime !== null && next.upTime < prev.upTime)
    return { kind: 'reset', reason: `sysUpTime went back (${prev.upTime} → ${next.upTime}): the agent restarted` };
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

/** IPv6 octets over all octets, rounded to six decimals; null when nothing moved. */
export function ipv6Share(ipv4Octets: bigint, ipv6Octets: bigint): number | null {
  const total = ipv4Octets + ipv6Octets;
  if (total === 0n) return null;
  // Scale in bigint first so very large deltas keep their precision.
  return Number((ipv6Octets * 1_000_000n + total / 2n) / total) / 1_000_000;
}

export interface TrafficState {
  /** When the device was last polled for its counters (answered or not). */
  readAt: Date;
  /** The latest interval in which the counters moved; null until there is one. */
  delta: TrafficDelta | null;
  /**
   * null when `delta` ends at the latest poll. Otherwise why the latest poll closed no interval (first
   * reading, counters cached by the agent, a reset, no answer); with a `delta`, an older interval answers.
   */
  note: string | null;
}

/**
 * Longest an agent is taken to serve counters from a cache (net-snmp's snmpd refreshes ipSystemStats
 * about once a minute; much gear caches for 5–60 s): within it a family whose counters did not move has
 * "no new data", not "no traffic". Past it, it really carried none. `polling.counter_cache_seconds`.
 */
export const COUNTER_CACHE_SECONDS = 300;

const iso = (d: Date) => d.toISOString();

/**
 * Per-device baselines. A reading closes an interval only when the counters of both IP versions moved
 * since the baseline (or the baseline is older than the cache window); otherwise the baseline stays and
 * the latest closed interval keeps answering, so polls faster than the agent's cache never read as zero.
 * A reset is no data for its interval: the baseline restarts and the previous interval keeps answering.
 */
export class TrafficTracker {
  private readonly baseline = new Map<string, CounterReading>();
  private readonly states = new Map<string, TrafficState>();

  constructor(private readonly cacheSeconds = COUNTER_CACHE_SECONDS) {}

  observe(device: string, reading: CounterReading): TrafficState {
    const next = this.next(device, reading);
    this.states.set(device, next);
    return next;
  }

  private next(device: string, reading: CounterReading): TrafficState {
    const base = this.baseline.get(device);
    const held = this.states.get(device)?.delta ?? null;
    const state = (delta: TrafficDelta | null, note: string | null): TrafficState => ({ readAt: reading.at, delta, note });
    if (!reading.ipv4 || !reading.ipv6) {
      this.baseline.set(device, reading);
      return state(null, 'the device does not report ipSystemStats HC octets for both IP versions');
    }
    if (!base?.ipv4 || !base.ipv6) {
      this.baseline.set(device, reading);
      return state(null, 'needs a second poll to measure traffic');
    }
    const r = trafficDelta(base, reading);
    if (r.kind !== 'delta') {
      this.baseline.set(device, reading);
      return state(held, `counters reset between ${iso(base.at)} and ${iso(reading.at)}: ${r.reason}`);
    }
    const still = [r.delta.ipv4Octets === 0n && 'IPv4', r.delta.ipv6Octets === 0n && 'IPv6'].filter(Boolean);
    const age = (reading.at.getTime() - base.at.getTime()) / 1000;
    if (still.length === 0 || age >= this.cacheSeconds) {
      this.baseline.set(device, reading);
      return state(r.delta, null);
    }
    return state(held, `the ${still.join(' and ')} counters have not moved since ${iso(base.at)} (the agent answers from a cache; up to ${this.cacheSeconds} s is taken as no new data)`);
  }

  /** A poll that brought no counters (no answer, collector failed): the baseline and the latest interval stay. */
  missed(device: string, at: Date, why: string): void {
    const s = this.states.get(device);
    if (s) this.states.set(device, { readAt: at, delta: s.delta, note: why });
  }

  get(device: string): TrafficState | undefined {
    return this.states.get(device);
  }

  forget(device: string): void {
    this.baseline.delete(device);
    this.states.delete(device);
  }
}
