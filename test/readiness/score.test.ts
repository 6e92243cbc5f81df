import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/readiness/report';
import type { DeviceInput } from '../../src/readiness/types';
import { addr, device, evidence, iface } from './evidence-builder';

const delta = (v4: bigint, v6: bigint) => ({ readAt: new Date(60_000), delta: { from: new Date(0), to: new Date(60_000), ipv4Octets: v4, ipv6Octets: v6 }, note: null });
const routes = [
  { destination: '2001:db8:1::', prefixLength: 64, ifIndex: 2 },
  { destination: 'fe80::', prefixLength: 64, ifIndex: 2 },
];

function dualStack(extra: Partial<DeviceInput> = {}, routesToo = routes) {
  return device(
    extra.name ?? 'core-1',
    evidence({
      ipv6Forwarding: true,
      interfaces: [iface(1, 'lo'), iface(2, 'eth0'), iface(3, 'ge0')],
      addresses: [addr('127.0.0.1', 1), addr('::1', 1), addr('198.18.1.2', 2), addr('2001:db8:1::2', 2), addr('fe80::1%2', 2), addr('198.18.2.1', 3), addr('2001:db8:2::1', 3)],
      ipv6Routes: routesToo,
    }),
    { traffic: delta(3000n, 1000n), ...extra },
  );
}

const level = (d: DeviceInput, block?: string, others: DeviceInput[] = []) => {
  const r = buildReport([d, ...others], [], block);
  return r.devices[0];
};
const check = (d: ReturnType<typeof level>, id: string) => d.checks.find((c) => c.id === id)!;

describe('readiness levels', () => {
  it('a device never reached is unknown, not level 0', () => {
    const d = level(device('gone', null));
    expect(d.level).toBeNull();
    expect(d.levelName).toBe('unknown');
    expect(check(d, 'ipv6_forwarding')).toMatchObject({ status: 'unknown', reason: 'never reached' });
  });

  it('0: IPv4 only', () => {
    const d = level(device('v4', evidence({ ipv6Forwarding: false, interfaces: [iface(1, 'lo'), iface(2, 'eth0')], addresses: [addr('127.0.0.1', 1), addr('198.18.3.2', 2)] })));
    expect(d.level).toBe(0);
    expect(check(d, 'ipv6_forwarding')).toMatchObject({ status: 'fail', reason: 'ipv6IpForwarding is 2 (notForwarding)' });
    expect(check(d, 'ipv6_interface').status).toBe('fail');
  });

  it('1: IPv6 on only some interfaces; the checklist names the IPv4-only one', () => {
    const d = level(
      device('part', evidence({
        ipv6Forwarding: true,
        interfaces: [iface(1, 'lo'), iface(2, 'eth0'), iface(3, 'ge0')],
        addresses: [addr('198.18.1.2', 2), addr('2001:db8:1::2', 2), addr('198.18.2.1', 3), addr('fe80::5%3', 3)],
        ipv6Routes: routes,
      }), { traffic: delta(10n, 10n) }),
    );
    expect(d.level).toBe(1);
    expect(check(d, 'dual_stack_addressing')).toMatchObject({ status: 'fail' });
    expect(check(d, 'dual_stack_addressing').reason).toContain('ge0 (198.18.2.1)');
  });

  it('down interfaces do not hold a device back from level 2', () => {
    const e = evidence({
      ipv6Forwarding: true,
      interfaces: [iface(2, 'eth0'), iface(3, 'ge0', { up: false })],
      addresses: [addr('198.18.1.2', 2), addr('2001:db8:1::2', 2), addr('198.18.2.1', 3)],
    });
    const d = level(device('x', e));
    expect(d.level).toBe(2);
    expect(check(d, 'ipv6_routes').status).toBe('fail');
  });

  it('3: dual-stack in service needs routes and IPv6 traffic', () => {
    const d = level(dualStack());
    expect(d.level).toBe(3);
    expect(check(d, 'ipv6_traffic').reason).toMatch(/1000 IPv6 octets .*25\.0%/);
    expect(d.ipv6TrafficShare).toBe(0.25);
    expect(level(dualStack({ traffic: delta(3000n, 0n) })).level).toBe(2);
    expect(check(level(dualStack({ traffic: null })), 'ipv6_traffic').status).toBe('unknown');
    expect(level(dualStack({}, [{ destination: 'fe80::', prefixLength: 64, ifIndex: 2 }])).level).toBe(2);
  });

  it('an IPv6 management address that does not answer keeps the device below 3', () => {
    const ok = level(dualStack({ address: '2001:db8:1::2' }));
    expect(check(ok, 'snmp_over_ipv6')).toMatchObject({ status: 'pass', reason: 'answers SNMP at 2001:db8:1::2' });
    const down = level(dualStack({ address: '2001:db8:1::2', up: false }));
    expect(check(down, 'snmp_over_ipv6').status).toBe('fail');
    expect(down.level).toBe(2);
  });

  it('4: SRv6 declared, locator inside the block, unique and routed', () => {
    const srv6 = { capable: true, enabled: true, locator: '2001:db8:ff00:1::/64' };
    const withRoute = [...routes, { destination: '2001:db8:ff00:1::', prefixLength: 64, ifIndex: 2 }];
    const d = level(dualStack({ srv6 }, withRoute), '2001:db8:ff00::/40');
    expect(d.level).toBe(4);
    expect(check(d, 'srv6_locator_routed').reason).toContain("2001:db8:ff00:1::/64 in core-1's IPv6 routing table");
    // Same declaration, no district block configured: in_block is unknown, so not level 4.
    expect(level(dualStack({ srv6 }, withRoute)).level).toBe(3);
    // Declared but the default route is the only cover: not routed.
    const noRoute = level(dualStack({ srv6 }, [...routes, { destination: '::', prefixLength: 0, ifIndex: 2 }]), '2001:db8:ff00::/40');
    expect(check(noRoute, 'srv6_locator_routed').status).toBe('fail');
    expect(noRoute.level).toBe(3);
  });

  it('an SRv6 declaration contradicting the evidence is a failed check and a finding', () => {
    const d = device('v4', evidence({ ipv6Forwarding: false, interfaces: [iface(2, 'eth0')], addresses: [addr('198.18.3.2', 2)] }), {
      srv6: { capable: true, enabled: true, locator: '2001:db8:ff00:9::/64' },
    });
    const r = buildReport([d], [], '2001:db8:ff00::/40');
    expect(r.devices[0].checks.find((c) => c.id === 'srv6_declared')?.status).toBe('fail');
    expect(r.findings.map((f) => f.kind)).toContain('srv6_contradiction');
  });
});

describe('unit aggregates', () => {
  it('counts devices per level, shares among known devices and the traffic-weighted IPv6 share', () => {
    const a = dualStack({ name: 'a', unit: 'u1', traffic: delta(3000n, 1000n) });
    const b = device('b', evidence({ ipv6Forwarding: false, interfaces: [iface(2, 'eth0')], addresses: [addr('198.18.3.2', 2)] }), { unit: 'u1', traffic: delta(1000n, 0n) });
    const c = device('c', null, { unit: 'u1' });
    const r = buildReport([a, b, c], [{ name: 'u1', town: '市桥街', ipv4: [], ipv6: [] }], undefined);
    const u = r.units.find((x) => x.unit === 'u1')!;
    expect(u.byLevel).toEqual({ unknown: 1, '0': 1, '1': 0, '2': 0, '3': 1, '4': 0 });
    expect(u.shareLevel2Plus).toBe(0.5);
    expect(u.shareLevel3Plus).toBe(0.5);
    expect(u.ipv6TrafficShare).toBe(0.2);
    expect(u.town).toBe('市桥街');
    expect(r.yardsticks).toEqual({ year: 2025, fixedNetworkIpv6TrafficShare: 0.27, mobileNetworkIpv6TrafficShare: 0.7 });
  });
});
