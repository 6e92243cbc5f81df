import { describe, expect, it } from 'vitest';
import { TrafficTracker, ipv6Share, trafficDelta, type CounterReading } from '../../src/readiness/traffic';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
function reading(s: number, v4: [bigint, bigint], v6: [bigint, bigint], disc: [number, number] = [0, 0]): CounterReading {
  return { at: at(s), ipv4: { in: v4[0], out: v4[1], discontinuity: disc[0] }, ipv6: { in: v6[0], out: v6[1], discontinuity: disc[1] } };
}

describe('IPv6 traffic share from counter deltas', () => {
  it('takes in and out octets of both versions between two polls', () => {
    const r = trafficDelta(reading(0, [1000n, 1000n], [500n, 500n]), reading(60, [1600n, 1400n], [1000n, 1000n]));
    expect(r).toMatchObject({ kind: 'delta', delta: { ipv4Octets: 1000n, ipv6Octets: 1000n } });
    expect(ipv6Share(1000n, 1000n)).toBe(0.5);
  });

  it('keeps 64-bit counters exact near 2^64', () => {
    const big = 18_446_744_073_709_000_000n;
    const r = trafficDelta(reading(0, [big, big], [big, big]), reading(60, [big + 300n, big], [big + 100n, big]));
    expect(r).toMatchObject({ kind: 'delta', delta: { ipv4Octets: 300n, ipv6Octets: 100n } });
    expect(ipv6Share(300n, 100n)).toBe(0.25);
  });

  it('resets when a counter goes backwards (agent restart)', () => {
    const r = trafficDelta(reading(0, [5000n, 5000n], [900n, 900n]), reading(60, [5100n, 5100n], [10n, 10n]));
    expect(r.kind).toBe('reset');
    expect(r.kind === 'reset' && r.reason).toMatch(/ipv6 octet counter went backwards/);
  });

  it('resets when ipSystemStatsDiscontinuityTime changes even if counters grew', () => {
    const r = trafficDelta(reading(0, [100n, 100n], [100n, 100n], [0, 0]), reading(60, [200n, 200n], [200n, 200n], [0, 4711]));
    expect(r.kind).toBe('reset');
  });

  it('reports no share when nothing moved, and none without the counters', () => {
    expect(ipv6Share(0n, 0n)).toBeNull();
    const r = trafficDelta(reading(0, [1n, 1n], [1n, 1n]), { at: at(60), ipv4: { in: 2n, out: 2n, discontinuity: 0 }, ipv6: null });
    expect(r.kind).toBe('unavailable');
  });

  it('the tracker needs two readings, drops the interval of a reset and recovers on the next poll', () => {
    const t = new TrafficTracker();
    expect(t.observe('r1', reading(0, [100n, 100n], [100n, 100n])).delta).toBeNull();
    expect(t.observe('r1', reading(60, [200n, 200n], [400n, 400n])).delta).toMatchObject({ ipv4Octets: 200n, ipv6Octets: 600n });
    const reset = t.observe('r1', reading(120, [10n, 10n], [10n, 10n]));
    expect(reset.delta).toBeNull();
    expect(reset.note).toMatch(/counters reset/);
    expect(t.observe('r1', reading(180, [20n, 20n], [40n, 40n])).delta).toMatchObject({ ipv4Octets: 20n, ipv6Octets: 60n });
    expect(t.get('r2')).toBeUndefined();
  });

  it('polled every 15 s, an agent with a 60 s counter cache: unchanged readings are "no new data", not zero traffic', () => {
    // What snmpd does: the same cached values for four polls, then a jump covering the whole minute.
    const t = new TrafficTracker();
    t.observe('r1', reading(0, [1_000n, 1_000n], [500n, 500n]));
    const cached = [15, 30, 45].map((s) => t.observe('r1', reading(s, [1_000n, 1_000n], [500n, 500n])));
    for (const c of cached) {
      expect(c.delta).toBeNull();
      expect(c.note).toMatch(/^counters have not moved for both IP versions since 2026-01-01T00:00:00.000Z \(the agent caches them\): no interval yet$/);
    }
    // The jump: 6,000 IPv4 and 2,000 IPv6 octets over 0..60 s, a share of 2,000 / 8,000.
    const moved = t.observe('r1', reading(60, [4_000n, 4_000n], [1_500n, 1_500n]));
    expect(moved).toEqual({ delta: { from: at(0), to: at(60), ipv4Octets: 6_000n, ipv6Octets: 2_000n }, note: null });
    expect(ipv6Share(moved.delta!.ipv4Octets, moved.delta!.ipv6Octets)).toBe(0.25);
    // Cached again: the 0..60 s interval keeps answering, and says so.
    const again = t.observe('r1', reading(75, [4_000n, 4_000n], [1_500n, 1_500n]));
    expect(again.delta).toEqual(moved.delta);
    expect(again.unchangedSince).toEqual(at(60));
    expect(again.note).toBe('counters have not moved for both IP versions since 2026-01-01T00:01:00.000Z (the agent caches them): using the interval ending at 2026-01-01T00:01:00.000Z');
  });

  it('only IPv4 moves: after the cache window the IPv6 zero is real', () => {
    const t = new TrafficTracker(300);
    t.observe('r1', reading(0, [1_000n, 1_000n], [500n, 500n]));
    expect(t.observe('r1', reading(60, [2_000n, 2_000n], [500n, 500n])).delta).toBeNull();
    expect(t.observe('r1', reading(299, [3_000n, 3_000n], [500n, 500n])).delta).toBeNull();
    expect(t.observe('r1', reading(300, [3_100n, 3_100n], [500n, 500n])).delta).toEqual({ from: at(0), to: at(300), ipv4Octets: 4_200n, ipv6Octets: 0n });
  });
});
