import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema';
import { TrafficTracker, ipv6Share, trafficDelta, type CounterReading } from '../../src/readiness/traffic';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
const iso = (s: number) => at(s).toISOString();
type Pair = [bigint, bigint];
/** One poll at `s` seconds: octets [in, out] per IP version; the agent has been up since t = -1000 s unless told. */
function reading(s: number, v4: Pair, v6: Pair, o: { up?: number | null; disc?: [number, number] } = {}): CounterReading {
  const disc = o.disc ?? [0, 0];
  return {
    at: at(s),
    upTime: o.up === undefined ? (s + 1000) * 100 : o.up,
    ipv4: { in: v4[0], out: v4[1], discontinuity: disc[0] },
    ipv6: { in: v6[0], out: v6[1], discontinuity: disc[1] },
  };
}

describe('octets between two readings', () => {
  it('takes in and out octets of both versions between two polls', () => {
    const r = trafficDelta(reading(0, [1000n, 1000n], [500n, 500n]), reading(60, [1600n, 1400n], [1000n, 1000n]));
    expect(r).toMatchObject({ kind: 'delta', delta: { ipv4Octets: 1000n, ipv6Octets: 1000n } });
    expect(ipv6Share(1000n, 1000n)).toBe(0.5);
  });

  it('keeps Counter64 values exact near 2^64 (far past 2^53)', () => {
    const big = 18_446_744_073_709_000_000n;
    const r = trafficDelta(reading(0, [big, big], [big, big]), reading(60, [big + 300n, big], [big + 100n, big]));
    expect(r).toMatchObject({ kind: 'delta', delta: { ipv4Octets: 300n, ipv6Octets: 100n } });
    expect(ipv6Share(300n, 100n)).toBe(0.25);
  });

  it('resets when a counter goes backwards (agent restart)', () => {
    const r = trafficDelta(reading(0, [5000n, 5000n], [900n, 900n]), reading(60, [5100n, 5100n], [10n, 10n]));
    expect(r).toEqual({ kind: 'reset', reason: 'ipv6 octet counter went backwards' });
  });

  it('resets when sysUpTime goes back even though every counter grew (a restart past the old values)', () => {
    const r = trafficDelta(reading(0, [100n, 100n], [100n, 100n], { up: 360_000 }), reading(60, [900n, 900n], [300n, 300n], { up: 4_200 }));
    expect(r).toEqual({ kind: 'reset', reason: 'sysUpTime went back (360000 → 4200): the agent restarted' });
  });

  it('resets when ipSystemStatsDiscontinuityTime changes even if counters grew', () => {
    const r = trafficDelta(reading(0, [100n, 100n], [100n, 100n], { disc: [0, 0] }), reading(60, [200n, 200n], [200n, 200n], { disc: [0, 4711] }));
    expect(r).toEqual({ kind: 'reset', reason: 'ipv6 counter discontinuity (ipSystemStatsDiscontinuityTime 0 → 4711)' });
  });

  it('reports no share when nothing moved, and none without the counters', () => {
    expect(ipv6Share(0n, 0n)).toBeNull();
    const r = trafficDelta(reading(0, [1n, 1n], [1n, 1n]), { at: at(60), upTime: null, ipv4: { in: 2n, out: 2n, discontinuity: 0 }, ipv6: null });
    expect(r.kind).toBe('unavailable');
  });
});

describe('an agent with a 60 s counter cache, polled every 15 s', () => {
  it('unchanged readings are no new data; each jump closes an interval and the share is taken from it', () => {
    const t = new TrafficTracker();
    // snmpd loads its cache at the first request (t=0) and again at the first request after 60 s.
    expect(t.observe('r1', reading(0, [10_000n, 20_000n], [1_000n, 3_000n]))).toEqual({ readAt: at(0), delta: null, note: 'needs a second poll to measure traffic' });
    for (const s of [15, 30, 45]) {
      expect(t.observe('r1', reading(s, [10_000n, 20_000n], [1_000n, 3_000n]))).toEqual({
        readAt: at(s),
        delta: null,
        note: `the IPv4 and IPv6 counters have not moved since ${iso(0)} (the agent answers from a cache; up to 300 s is taken as no new data)`,
      });
    }
    // 0..60 s: IPv4 6,000 + 6,000 octets, IPv6 3,000 + 3,000: a third of the traffic.
    const first = t.observe('r1', reading(60, [16_000n, 26_000n], [4_000n, 6_000n]));
    expect(first).toEqual({ readAt: at(60), delta: { from: at(0), to: at(60), ipv4Octets: 12_000n, ipv6Octets: 6_000n }, note: null });
    expect(ipv6Share(12_000n, 6_000n)).toBe(0.333333);
    for (const s of [75, 90, 105]) {
      const cached = t.observe('r1', reading(s, [16_000n, 26_000n], [4_000n, 6_000n]));
      expect(cached.delta).toEqual(first.delta);
      expect(cached.note).toBe(`the IPv4 and IPv6 counters have not moved since ${iso(60)} (the agent answers from a cache; up to 300 s is taken as no new data)`);
    }
    // 60..120 s: IPv4 9,000 + 9,000, IPv6 3,000 + 3,000: a quarter.
    const second = t.observe('r1', reading(120, [25_000n, 35_000n], [7_000n, 9_000n]));
    expect(second.delta).toEqual({ from: at(60), to: at(120), ipv4Octets: 18_000n, ipv6Octets: 6_000n });
    expect(ipv6Share(18_000n, 6_000n)).toBe(0.25);
  });

  it('caches of the two IP versions refreshed at different times: the interval waits for both', () => {
    const t = new TrafficTracker();
    t.observe('r1', reading(0, [1_000n, 1_000n], [100n, 100n]));
    t.observe('r1', reading(15, [1_000n, 1_000n], [100n, 100n]));
    // The IPv4 cache turned over at 20 s; the IPv6 one has not yet. Closing here would read IPv6 as zero.
    const half = t.observe('r1', reading(30, [2_000n, 1_500n], [100n, 100n]));
    expect(half.delta).toBeNull();
    expect(half.note).toBe(`the IPv6 counters have not moved since ${iso(0)} (the agent answers from a cache; up to 300 s is taken as no new data)`);
    t.observe('r1', reading(45, [2_000n, 1_500n], [100n, 100n]));
    // The IPv6 cache turned over at 50 s: 0..60 s holds IPv4 1,000 + 500 and IPv6 300 + 200 octets.
    const both = t.observe('r1', reading(60, [2_000n, 1_500n], [400n, 300n]));
    expect(both.delta).toEqual({ from: at(0), to: at(60), ipv4Octets: 1_500n, ipv6Octets: 500n });
    expect(ipv6Share(1_500n, 500n)).toBe(0.25);
  });

  it('a restart (sysUpTime went back) is no data for its interval: the previous interval answers, then the next one', () => {
    const t = new TrafficTracker();
    t.observe('r1', reading(0, [1_000n, 1_000n], [1_000n, 1_000n], { up: 100_000 }));
    const before = t.observe('r1', reading(60, [3_000n, 3_000n], [2_000n, 2_000n], { up: 106_000 }));
    expect(before.delta).toEqual({ from: at(0), to: at(60), ipv4Octets: 4_000n, ipv6Octets: 2_000n });
    // Restarted 5 s before the poll; its counters happen to be higher than before, so only sysUpTime tells.
    const reset = t.observe('r1', reading(120, [5_000n, 5_000n], [2_500n, 2_500n], { up: 500 }));
    expect(reset.delta).toEqual(before.delta);
    expect(reset.note).toBe(`counters reset between ${iso(60)} and ${iso(120)}: sysUpTime went back (106000 → 500): the agent restarted`);
    // 120..180 s from the new baseline: IPv4 600 + 400, IPv6 300 + 200.
    const after = t.observe('r1', reading(180, [5_600n, 5_400n], [2_800n, 2_700n], { up: 6_500 }));
    expect(after).toEqual({ readAt: at(180), delta: { from: at(120), to: at(180), ipv4Octets: 1_000n, ipv6Octets: 500n }, note: null });
    expect(ipv6Share(1_000n, 500n)).toBe(0.333333);
  });

  it('a counter that went down while sysUpTime is unknown is a reset too; a cached reading after it is not', () => {
    const t = new TrafficTracker();
    t.observe('r1', reading(0, [1_000n, 1_000n], [1_000n, 1_000n], { up: null }));
    t.observe('r1', reading(60, [2_000n, 2_000n], [1_500n, 1_500n], { up: null }));
    const reset = t.observe('r1', reading(120, [2_100n, 2_100n], [20n, 20n], { up: null }));
    expect(reset.note).toMatch(/: ipv6 octet counter went backwards$/);
    expect(reset.delta).toEqual({ from: at(0), to: at(60), ipv4Octets: 2_000n, ipv6Octets: 1_000n });
    const cached = t.observe('r1', reading(135, [2_100n, 2_100n], [20n, 20n], { up: null }));
    expect(cached.note).toMatch(new RegExp(`^the IPv4 and IPv6 counters have not moved since ${iso(120).replace(/\./g, '\\.')}`));
  });

  it('Counter64 values past 2^63 go through the cache exactly', () => {
    const t = new TrafficTracker();
    const b = 9_300_000_000_000_000_000n;
    t.observe('r1', reading(0, [b, b], [b, b]));
    t.observe('r1', reading(15, [b, b], [b, b]));
    const moved = t.observe('r1', reading(60, [b + 3_000_000_000_007n, b], [b + 1_000_000_000_001n, b + 2n]));
    expect(moved.delta).toMatchObject({ ipv4Octets: 3_000_000_000_007n, ipv6Octets: 1_000_000_000_003n });
  });

  it('a poll without an answer keeps the baseline and the interval, and says why', () => {
    const t = new TrafficTracker();
    t.observe('r1', reading(0, [1_000n, 1_000n], [1_000n, 1_000n]));
    const moved = t.observe('r1', reading(60, [2_000n, 2_000n], [1_500n, 1_500n]));
    t.missed('r1', at(120), `the device did not answer at ${iso(120)}`);
    expect(t.get('r1')).toEqual({ readAt: at(120), delta: moved.delta, note: `the device did not answer at ${iso(120)}` });
    // Back at 180 s: the interval spans the gap, 60..180 s.
    expect(t.observe('r1', reading(180, [3_000n, 3_000n], [2_500n, 2_500n])).delta).toEqual({ from: at(60), to: at(180), ipv4Octets: 2_000n, ipv6Octets: 2_000n });
    // A device never read has nothing to keep.
    t.missed('r2', at(120), 'x');
    expect(t.get('r2')).toBeUndefined();
  });

  it('only IPv4 moves: past the cache window the IPv6 zero is real', () => {
    const t = new TrafficTracker(300);
    t.observe('r1', reading(0, [1_000n, 1_000n], [500n, 500n]));
    expect(t.observe('r1', reading(60, [2_000n, 2_000n], [500n, 500n])).delta).toBeNull();
    expect(t.observe('r1', reading(299, [3_000n, 3_000n], [500n, 500n])).delta).toBeNull();
    expect(t.observe('r1', reading(300, [3_100n, 3_100n], [500n, 500n])).delta).toEqual({ from: at(0), to: at(300), ipv4Octets: 4_200n, ipv6Octets: 0n });
  });

  it('counters missing for one version: no interval, and the reason', () => {
    const t = new TrafficTracker();
    t.observe('r1', reading(0, [1n, 1n], [1n, 1n]));
    expect(t.observe('r1', { at: at(60), upTime: null, ipv4: { in: 2n, out: 2n, discontinuity: 0 }, ipv6: null })).toEqual({
      readAt: at(60),
      delta: null,
      note: 'the device does not report ipSystemStats HC octets for both IP versions',
    });
  });
});

describe('the cache window setting', () => {
  it('is polling.counter_cache_seconds: 300 s unless set, 1 to 3600', () => {
    expect(configSchema.parse({}).polling.counter_cache_seconds).toBe(300);
    expect(configSchema.parse({ polling: { counter_cache_seconds: 60 } }).polling.counter_cache_seconds).toBe(60);
    const bad = configSchema.safeParse({ polling: { counter_cache_seconds: 0 } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0].path).toEqual(['polling', 'counter_cache_seconds']);
  });

  it('a 60 s window: a family flat for 60 s is taken as no traffic', () => {
    const t = new TrafficTracker(60);
    t.observe('r1', reading(0, [1_000n, 1_000n], [500n, 500n]));
    expect(t.observe('r1', reading(45, [2_000n, 2_000n], [500n, 500n])).delta).toBeNull();
    expect(t.observe('r1', reading(60, [2_000n, 2_000n], [500n, 500n])).delta).toEqual({ from: at(0), to: at(60), ipv4Octets: 2_000n, ipv6Octets: 0n });
  });
});
