import type { Collector, Sample } from './types';
import { IP_GET, IP_WALK_ROOTS, parseIpEvidence } from './ip-evidence';

const VERSION = { ipv4: 'ipv4', ipv6: 'ipv6' } as const;

/**
 * IP-MIB dual-stack evidence (IPV6-MIB where ipAddressTable carries no IPv6 rows). Emits the raw MIB
 * gauges and counters plus address counts; readiness re-reads the same recorded varbinds as typed evidence.
 */
export const ip: Collector = {
  name: 'ip',
  appliesTo: () => true,
  get: IP_GET,
  walk: IP_WALK_ROOTS,
  keepCollected: true,
  metrics: [
    { name: 'ipForwarding', help: 'Whether this entity acts as an IPv4 router (1 forwarding, 2 notForwarding). - 1.3.6.1.2.1.4.1', type: 'gauge' },
    { name: 'ipv6IpForwarding', help: 'Whether this entity acts as an IPv6 router (1 forwarding, 2 notForwarding). - 1.3.6.1.2.1.4.25', type: 'gauge' },
    { name: 'ipv6Forwarding', help: 'IPV6-MIB: whether this entity acts as an IPv6 router (1 forwarding, 2 notForwarding); read where IP-MIB lacks it. - 1.3.6.1.2.1.55.1.1', type: 'gauge' },
    { name: 'ipv6RouteNumber', help: 'IPV6-MIB: the number of current IPv6 routing table entries. - 1.3.6.1.2.1.55.1.9', type: 'gauge' },
    { name: 'ipv4InterfaceEnableStatus', help: 'IPv4 state of an interface (1 up, 2 down). - 1.3.6.1.2.1.4.28.1.3', type: 'gauge' },
    { name: 'ipv6InterfaceEnableStatus', help: 'IPv6 state of an interface (1 up, 2 down). - 1.3.6.1.2.1.4.30.1.5', type: 'gauge' },
    { name: 'ipSystemStatsHCInOctets', help: 'Octets received in IP datagrams, by IP version (64-bit). - 1.3.6.1.2.1.4.31.1.1.6', type: 'counter' },
    { name: 'ipSystemStatsHCOutOctets', help: 'Octets in IP datagrams delivered to the lower layers for transmission, by IP version (64-bit). - 1.3.6.1.2.1.4.31.1.1.33', type: 'counter' },
    { name: 'ipSystemStatsDiscontinuityTime', help: 'sysUpTime at the most recent discontinuity of the ipSystemStats counters of this IP version. - 1.3.6.1.2.1.4.31.1.1.46', type: 'gauge' },
    { name: 'yunet_ip_addresses', help: 'Addresses configured on the device by family and scope (loopback, link-local, ula, global, documentation, ipv4-mapped, …).', type: 'gauge' },
    { name: 'yunet_ipv6_routes', help: 'IPv6 routes seen in inetCidrRouteTable (or ipv6RouteTable).', type: 'gauge' },
  ],
  parse(data) {
    const e = parseIpEvidence(data);
    const samples: Sample[] = [];
    for (const [name, v] of Object.entries(e.raw)) if (v !== null) samples.push({ name, labels: {}, value: v });
    if (e.ipv6RouteNumber !== null) samples.push({ name: 'ipv6RouteNumber', labels: {}, value: e.ipv6RouteNumber });
    for (const i of e.interfaces) {
      const labels = { ifIndex: String(i.ifIndex) };
      if (i.ipv4Enabled !== null) samples.push({ name: 'ipv4InterfaceEnableStatus', labels, value: i.ipv4Enabled ? 1 : 2 });
      if (i.ipv6Enabled !== null) samples.push({ name: 'ipv6InterfaceEnableStatus', labels, value: i.ipv6Enabled ? 1 : 2 });
    }
    for (const [family, c] of Object.entries(e.counters)) {
      if (!c) continue;
      const labels = { ipVersion: VERSION[family as keyof typeof VERSION] };
      samples.push({ name: 'ipSystemStatsHCInOctets', labels, value: c.in });
      samples.push({ name: 'ipSystemStatsHCOutOctets', labels, value: c.out });
      if (c.discontinuity !== null) samples.push({ name: 'ipSystemStatsDiscontinuityTime', labels, value: c.discontinuity });
    }
    const counts = new Map<string, { family: string; scope: string; n: number }>();
    for (const a of e.addresses) {
      if (a.type === 'broadcast') continue;
      const key = `${a.family}|${a.scope}`;
      const c = counts.get(key) ?? { family: a.family, scope: a.scope, n: 0 };
      c.n++;
      counts.set(key, c);
    }
    for (const c of counts.values()) samples.push({ name: 'yunet_ip_addresses', labels: { family: c.family, scope: c.scope }, value: c.n });
    samples.push({ name: 'yunet_ipv6_routes', labels: {}, value: e.ipv6Routes.length });
    return samples;
  },
};
