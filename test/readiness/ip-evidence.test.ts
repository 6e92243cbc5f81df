import { describe, expect, it } from 'vitest';
import { IP_OIDS, IP_SCALARS, parseIpEvidence } from '../../collectors/ip-evidence';
import { ip } from '../../collectors/ip';
import { ipTraffic } from '../../collectors/ip-traffic';
import type { Collected, InterfaceRow } from '../../collectors/types';
import type { Varbind } from '../../src/snmp/types';

// Varbinds as the SNMP client hands them over (type numbers of net-snmp's ObjectType).
const INT = 2;
const OID = 6;
const C64 = 70;
const TT = 67;
const NO_SUCH_OBJECT = 128;
const vb = (oid: string, type: number, value: Varbind['value']): Varbind => ({ oid, type, value });

const FE80_ZONE3 = '254.128.0.0.0.0.0.0.2.80.86.255.254.171.205.239.0.0.0.3'; // fe80::250:56ff:feab:cdef%3
const V6 = '32.1.13.184.0.16.0.0.0.0.0.0.0.0.0.1'; // 2001:db8:10::1

function collected(rows: Record<string, Varbind[]>, get: Varbind[] = []): Collected {
  return { get: new Map(get.map((v) => [v.oid, v])), walk: new Map(Object.entries(rows)) };
}

/** An NX-OS-like agent: prefix pointers at the address row, an ipv6z link-local row, IPv6 in ipAddressTable. */
const nxos = collected(
  {
    [IP_OIDS.ipAddressIfIndex]: [
      vb(`${IP_OIDS.ipAddressIfIndex}.1.4.198.18.10.1`, INT, 3),
      vb(`${IP_OIDS.ipAddressIfIndex}.2.16.${V6}`, INT, 3),
      vb(`${IP_OIDS.ipAddressIfIndex}.4.20.${FE80_ZONE3}`, INT, 3),
    ],
    [IP_OIDS.ipAddressPrefix]: [
      vb(`${IP_OIDS.ipAddressPrefix}.1.4.198.18.10.1`, OID, `1.3.6.1.2.1.4.34.1.3.1.4.198.18.10.1`),
      vb(`${IP_OIDS.ipAddressPrefix}.2.16.${V6}`, OID, `1.3.6.1.2.1.4.32.1.5.3.2.16.32.1.13.184.0.16.0.0.0.0.0.0.0.0.0.0.64`),
    ],
    [IP_OIDS.ipAddressStatus]: [vb(`${IP_OIDS.ipAddressStatus}.4.20.${FE80_ZONE3}`, INT, 1)],
    // Also served, but ipAddressTable already has IPv6 rows: IPV6-MIB must not be mixed in.
    [IP_OIDS.ipv6AddrPfxLength]: [vb(`${IP_OIDS.ipv6AddrPfxLength}.3.${V6.replace(/\.1$/, '.2')}`, INT, 64)],
  },
  [
    vb(IP_SCALARS.ipv6IpForwarding, INT, 1),
    vb(IP_SCALARS.ipv6Forwarding, NO_SUCH_OBJECT, null),
    vb(IP_SCALARS.ipv4HCInOctets, C64, 18_446_744_073_709_551_000n),
    vb(IP_SCALARS.ipv6HCInOctets, C64, 5n),
    vb(IP_SCALARS.ipv4HCOutOctets, C64, 7n),
    vb(IP_SCALARS.ipv6HCOutOctets, C64, 9n),
    vb(IP_SCALARS.ipv4DiscontinuityTime, NO_SUCH_OBJECT, null),
    vb(IP_SCALARS.ipv6DiscontinuityTime, TT, 4711),
  ],
);

/** What the interfaces collector read in the same poll (hand-made: one ethernetCsmacd interface, up). */
const ifRows: InterfaceRow[] = [
  { ifIndex: 3, name: 'Ethernet1/1', ifDescr: 'Ethernet1/1', ifAlias: '', ifType: 6, ifAdminStatus: 1, ifOperStatus: 1, speed: null, inOctets: 10n, outOctets: null, inErrors: null, outErrors: null },
];

describe('parseIpEvidence', () => {
  it('decodes rows, prefix pointers (NX-OS → unknown length) and ipv6z zones; keeps IPV6-MIB out when IP-MIB has IPv6', () => {
    const e = parseIpEvidence(nxos, ifRows);
    expect(e.addresses.map((a) => [a.address, a.scope, a.prefixLength, a.source])).toEqual([
      ['198.18.10.1', 'benchmarking', null, 'IP-MIB'],
      ['2001:db8:10::1', 'documentation', 64, 'IP-MIB'],
      ['fe80::250:56ff:feab:cdef%3', 'link-local', null, 'IP-MIB'],
    ]);
    expect(e.addresses[2].status).toBe('preferred');
    expect(e.ipv6MibFallback).toBe(false);
    expect(e.ipv6Forwarding).toBe(true);
    expect(e.raw).toEqual({ ipForwarding: null, ipv6IpForwarding: 1, ipv6Forwarding: null });
    expect(e.interfaces).toEqual([{ ifIndex: 3, name: 'Ethernet1/1', loopback: false, up: true, ipv4Enabled: null, ipv6Enabled: null }]);
    expect(e.counters.ipv4).toEqual({ in: 18_446_744_073_709_551_000n, out: 7n, discontinuity: null });
    expect(e.counters.ipv6).toEqual({ in: 5n, out: 9n, discontinuity: 4711 });
  });

  it('tolerates an empty answer: no addresses, no counters, nothing known', () => {
    const e = parseIpEvidence(collected({}));
    expect(e).toMatchObject({ addresses: [], interfaces: [], ipv6Routes: [], ipv6Forwarding: null, counters: { ipv4: null, ipv6: null } });
  });

  it('the ip collector emits raw evidence under MIB names and address counts by family and scope', () => {
    const { samples } = ip.parse(nxos, { vendor: 'cisco', sysObjectID: null, snmpVersion: '2c' });
    const by = (name: string) => samples.filter((s) => s.name === name).map((s) => [s.labels, s.value]);
    expect(by('ipv6IpForwarding')).toEqual([[{}, 1]]);
    expect(by('ipSystemStatsHCInOctets')).toEqual([]);
    const traffic = ipTraffic.parse(nxos, { vendor: 'cisco', sysObjectID: null, snmpVersion: '2c' }).samples;
    expect(traffic.filter((s) => s.name === 'ipSystemStatsHCInOctets').map((s) => [s.labels, s.value])).toEqual([
      [{ ipVersion: 'ipv4' }, 18_446_744_073_709_551_000n],
      [{ ipVersion: 'ipv6' }, 5n],
    ]);
    expect(by('yunet_ip_addresses')).toEqual([
      [{ family: 'ipv4', scope: 'benchmarking' }, 1],
      [{ family: 'ipv6', scope: 'documentation' }, 1],
      [{ family: 'ipv6', scope: 'link-local' }, 1],
    ]);
    expect(ip.metrics.map((m) => m.name)).toEqual(expect.arrayContaining(samples.map((s) => s.name)));
  });
});
