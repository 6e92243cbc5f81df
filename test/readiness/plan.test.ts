import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/readiness/report';
import { addr, device, evidence, iface } from './evidence-builder';

const units = [
  { name: '区政务数据局', town: '市桥街', ipv4: ['198.18.0.0/20'], ipv6: ['2001:db8:10::/48'] },
  { name: '大石街道办', town: '大石街', ipv4: ['198.18.16.0/20'], ipv6: ['2001:db8:20::/48'] },
];

describe('address plan findings', () => {
  it('an address outside its unit\'s prefixes: device, interface, address and a sentence', () => {
    const d = device('bureau-sw1', evidence({ interfaces: [iface(1, 'lo'), iface(2, 'Vlanif10')], addresses: [addr('127.0.0.1', 1), addr('198.18.1.1', 2), addr('2001:db8:99::1', 2), addr('fe80::1%2', 2)] }), { unit: '区政务数据局' });
    const r = buildReport([d], units, undefined);
    expect(r.findings).toEqual([
      {
        kind: 'outside_unit_prefix',
        unit: '区政务数据局',
        device: 'bureau-sw1',
        interface: 'Vlanif10',
        address: '2001:db8:99::1',
        message: "bureau-sw1 Vlanif10 has 2001:db8:99::1, which is outside unit 区政务数据局's IPv6 prefixes (2001:db8:10::/48).",
      },
    ]);
    expect(r.units.find((u) => u.unit === '区政务数据局')!.findings).toBe(1);
  });

  it('overlapping unit prefixes', () => {
    const r = buildReport([], [...units, { name: 'overlapper', town: null, ipv4: ['198.18.8.0/24'], ipv6: [] }], undefined);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ kind: 'unit_overlap', unit: '区政务数据局', address: '198.18.0.0/20' });
    expect(r.findings[0].message).toContain('overlaps prefix 198.18.8.0/24 of unit overlapper');
  });

  it('the same global address on two devices, one finding per device', () => {
    const e = () => evidence({ interfaces: [iface(2, 'eth0')], addresses: [addr('2001:db8:10::1', 2), addr('fe80::1%2', 2)] });
    const r = buildReport([device('a', e(), { unit: '区政务数据局' }), device('b', e(), { unit: '区政务数据局' })], units, undefined);
    const dup = r.findings.filter((f) => f.kind === 'duplicate_address');
    expect(dup.map((f) => [f.device, f.address])).toEqual([['a', '2001:db8:10::1'], ['b', '2001:db8:10::1']]);
    expect(dup[0].message).toBe('2001:db8:10::1 on a eth0 is also configured on b.');
  });

  it('an address on 1,000 devices: one finding each, naming five others and counting the rest', () => {
    const e = evidence({ interfaces: [iface(2, 'eth0')], addresses: [addr('2001:db8:10::1', 2)] });
    const names = Array.from({ length: 1000 }, (_, i) => `d${String(i).padStart(4, '0')}`);
    const dup = buildReport(names.map((n) => device(n, e, { unit: '区政务数据局' })), units, undefined).findings.filter((f) => f.kind === 'duplicate_address');
    expect(dup).toHaveLength(1000);
    expect(dup[0].message).toBe('2001:db8:10::1 on d0000 eth0 is also configured on d0001, d0002, d0003, d0004, d0005 and 994 more devices.');
    expect(dup[3].message).toBe('2001:db8:10::1 on d0003 eth0 is also configured on d0000, d0001, d0002, d0004, d0005 and 994 more devices.');
  });

  it('a stored host address used as a prefix is a finding, not a crash', () => {
    const r = buildReport([], [{ name: 'legacy', town: null, ipv4: ['198.18.5.1/24'], ipv6: ['2001:db8::1/64', 'nonsense'] }], undefined);
    expect(r.findings.map((f) => [f.kind, f.address])).toEqual([
      ['host_bits_set', '198.18.5.1/24'],
      ['host_bits_set', '2001:db8::1/64'],
      ['invalid_prefix', 'nonsense'],
    ]);
    expect(r.findings[1].message).toContain('host bits set (the prefix is 2001:db8::/64)');
  });

  it('SRv6 locators: outside the block, overlapping another device, unrouted', () => {
    const e = () => evidence({ ipv6Forwarding: true, interfaces: [iface(2, 'eth0')], addresses: [addr('2001:db8:10::1', 2)], ipv6Routes: [{ destination: '2001:db8:10::', prefixLength: 64, ifIndex: 2 }] });
    const r = buildReport(
      [
        device('in', e(), { srv6: { capable: true, enabled: true, locator: '2001:db8:ff00:1::/64' } }),
        device('twin', e(), { srv6: { capable: true, enabled: true, locator: '2001:db8:ff00:1:8000::/65' } }),
        device('out', e(), { srv6: { capable: true, enabled: true, locator: '2001:db8:aa00::/48' } }),
      ],
      [],
      '2001:db8:ff00::/40',
    );
    const kinds = r.findings.map((f) => `${f.device}:${f.kind}`);
    expect(kinds).toContain('out:srv6_outside_block');
    expect(kinds).toContain('in:srv6_locator_overlap');
    expect(kinds).toContain('twin:srv6_locator_overlap');
    expect(kinds).toContain('in:srv6_unrouted');
    expect(kinds).not.toContain('in:srv6_outside_block');
  });
});
