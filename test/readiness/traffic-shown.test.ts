import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { registerReadinessMetrics } from '../../src/readiness/metrics';
import { CachedFamilies } from '../../src/metrics/cached-families';
import { buildReport } from '../../src/readiness/report';
import { TrafficTracker, type CounterReading } from '../../src/readiness/traffic';
import type { DeviceInput } from '../../src/readiness/types';
import { deviceView } from '../../src/readiness/views';
import { addr, device, evidence, iface } from './evidence-builder';

// How the share reaches people: the checklist reason, the API and the gauges say which interval it comes from.
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
const reading = (s: number, v4: bigint, v6: bigint): CounterReading => ({
  at: at(s),
  upTime: (s + 1000) * 100,
  ipv4: { in: v4, out: 0n, discontinuity: 0 },
  ipv6: { in: v6, out: 0n, discontinuity: 0 },
});

function dualStack(name: string, traffic: DeviceInput['traffic'], extra: Partial<DeviceInput> = {}): DeviceInput {
  return device(
    name,
    evidence({
      ipv6Forwarding: true,
      interfaces: [iface(1, 'lo'), iface(2, 'eth0')],
      addresses: [addr('127.0.0.1', 1), addr('::1', 1), addr('198.18.1.2', 2), addr('2001:db8:1::2', 2)],
      ipv6Routes: [{ destination: '2001:db8:1::', prefixLength: 64, ifIndex: 2 }],
    }),
    { unit: 'u1', traffic, ...extra },
  );
}

/** One device polled every 15 s by an agent with a 60 s cache, through the readings up to `until` s. */
function polled(until: number): TrafficTracker {
  const t = new TrafficTracker();
  // 0..60 s: 3,000 IPv4 and 1,000 IPv6 octets; the agent shows them at 60 s and not again before 120 s.
  const counters = (s: number): [bigint, bigint] => (s < 60 ? [10_000n, 5_000n] : [13_000n, 6_000n]);
  for (let s = 0; s <= until; s += 15) t.observe('core', reading(s, ...counters(s)));
  return t;
}

const traffic = (d: ReturnType<typeof buildReport>['devices'][number]) => d.checks.find((c) => c.id === 'ipv6_traffic')!;

describe('the IPv6 traffic share says which interval it comes from', () => {
  it('no interval in which the counters moved yet: unknown, the reason says so, no share', () => {
    const r = buildReport([dualStack('core', polled(45).get('core')!)], [], undefined);
    expect(traffic(r.devices[0])).toEqual({
      id: 'ipv6_traffic',
      status: 'unknown',
      reason: 'no interval in which the counters moved yet: the IPv4 and IPv6 counters have not moved since 2026-01-01T00:00:00.000Z (the agent answers from a cache; up to 300 s is taken as no new data)',
    });
    expect(r.devices[0].level).toBe(2);
    expect(deviceView(r.devices[0])).toMatchObject({ ipv6_traffic_share: null, ipv6_traffic_interval: null, ipv6_traffic_note: expect.stringMatching(/^the IPv4 and IPv6 counters have not moved since/) });
  });

  it('the latest poll closed the interval: "in the last 60 s"', () => {
    const r = buildReport([dualStack('core', polled(60).get('core')!)], [], undefined);
    expect(traffic(r.devices[0])).toMatchObject({ status: 'pass', reason: '1000 IPv6 octets in the last 60 s (25.0% of IP traffic)' });
    expect(r.devices[0].level).toBe(3);
    expect(deviceView(r.devices[0])).toMatchObject({
      ipv6_traffic_share: 0.25,
      ipv6_traffic_interval: { start: '2026-01-01T00:00:00.000Z', end: '2026-01-01T00:01:00.000Z', ipv4_octets: '3000', ipv6_octets: '1000' },
      ipv6_traffic_note: null,
    });
  });

  it('cached polls after it: the share is from the interval ending at 60 s, and the level holds', () => {
    const r = buildReport([dualStack('core', polled(105).get('core')!)], [], undefined);
    expect(traffic(r.devices[0])).toMatchObject({
      status: 'pass',
      reason:
        '1000 IPv6 octets (25.0% of IP traffic) from the 60 s interval ending at 2026-01-01T00:01:00.000Z; newer polls: the IPv4 and IPv6 counters have not moved since 2026-01-01T00:01:00.000Z (the agent answers from a cache; up to 300 s is taken as no new data)',
    });
    expect(r.devices[0].level).toBe(3);
    expect(deviceView(r.devices[0])).toMatchObject({ ipv6_traffic_share: 0.25, ipv6_traffic_interval: { end: '2026-01-01T00:01:00.000Z' } });
  });

  it('an interval with no IPv6 octets fails the check and names the interval', () => {
    const t = new TrafficTracker(300);
    t.observe('core', reading(0, 1_000n, 50n));
    t.observe('core', reading(300, 2_000n, 50n));
    t.missed('core', at(315), 'the device did not answer at 2026-01-01T00:05:15.000Z');
    const r = buildReport([dualStack('core', t.get('core')!, { up: false })], [], undefined);
    expect(traffic(r.devices[0])).toMatchObject({
      status: 'fail',
      reason: 'no IPv6 octets (0.0% of IP traffic) from the 300 s interval ending at 2026-01-01T00:05:00.000Z; newer polls: the device did not answer at 2026-01-01T00:05:15.000Z',
    });
    expect(r.devices[0].level).toBe(2);
  });

  it('the unit share weighs each device by its octet rate, not by octets over intervals of different lengths', () => {
    const fast = { readAt: at(60), delta: { from: at(0), to: at(60), ipv4Octets: 3_000n, ipv6Octets: 1_000n }, note: null };
    const slow = { readAt: at(300), delta: { from: at(0), to: at(300), ipv4Octets: 3_000n, ipv6Octets: 3_000n }, note: null };
    const r = buildReport([dualStack('a', fast), dualStack('b', slow)], [{ name: 'u1', town: null, ipv4: [], ipv6: [] }], undefined);
    // Rates: a 50 and 50/3 octets/s, b 10 and 10: IPv6 (50/3 + 10) / (50 + 50/3 + 10 + 10) = 4/13.
    expect(r.units[0].ipv6TrafficShare).toBe(0.307692);
    expect(r.district.ipv6TrafficShare).toBe(0.307692);
  });

  it('the gauges: the share, the end of its interval and its length; nothing before the first interval', async () => {
    const registry = new Registry();
    const report = buildReport([dualStack('core', polled(105).get('core')!), dualStack('new', polled(45).get('core')!)], [], undefined);
    const families = new CachedFamilies();
    registerReadinessMetrics(registry, families, { forScrape: async () => report });
    const text = (await registry.metrics()) + (await families.text());
    expect(text).toContain('yunet_ipv6_traffic_share_ratio{device="core"} 0.25\n');
    expect(text).toContain(`yunet_ipv6_traffic_interval_end_timestamp_seconds{device="core"} ${Date.UTC(2026, 0, 1, 0, 1, 0) / 1000}\n`);
    expect(text).toContain('yunet_ipv6_traffic_interval_seconds{device="core"} 60\n');
    expect(text).not.toMatch(/yunet_ipv6_traffic_\w+\{device="new"\}/);
  });
});
