import type { Collector, Sample } from './types';
import { IP_GET, IP_WALK_ROOTS, parseIpEvidence } from './ip-evidence';

/**
 * IP-MIB dual-stack evidence (IPV6-MIB where ipAddressTable carries no IPv6 rows). Emits the raw MIB
 * gauges plus address counts, and hands the same parse to readiness as typed evidence. Address and
 * route tables change slowly, so by default it runs every few cycles (polling.every_cycles); the traffic
 * counters come every cycle from `ip-traffic`.
 */
export const ip: Collector = {
  name: 'ip',
  appliesTo: () => true,
  get: IP_GET,
  walk: IP_WALK_ROOTS,
  metrics: [
    { name: 'ipForwarding', help: 'Whether this entity acts as an IPv4 router (1 forwarding, 2 notForwarding). - 1.3.6.1.2.1.4.1', type: 'gauge' },
    { name: 'ipv6IpForwarding', help: 'Whether this entity acts as an IPv6 router (1 forwarding, 2 notForwarding). - 1.3.6.1.2.1.4.25', type: 'gauge' },
    { name: 'ipv6Forwarding', help: 'IPV6-MIB: whether this entity acts as an IPv6 router (1 forwarding, 2 notForwarding); read where IP-MIB lacks it. - 1.3.6.1.2.1.55.1.1', type: 'gauge' },
    { name: 'ipv6RouteNumber', help: 'IPV6-MIB: the number of current IPv6 routing table entries. - 1.3.6.1.2.1.55.1.9', type: 'gauge' },
    { name: 'ipv4InterfaceEnableStatus', help: 'IPv4 state of an interface (1 up, 2 down). - 1.3.6.1.2.1.4.28.1.3', type: 'gauge' },
    { name: 'ipv6InterfaceEnableStatus', help: 'IPv6 state of an interface (1 up, 2 down). - 1.3.6.1.2.1.4.30.1.5', type: 'gauge' },
    { name: 'yunet_ip_addresses', help: 'Addresses configured on the device by family and scope (loopback, link-local, ula, global, documentation, ipv4-mapped, …).', type: 'gauge' },
    { name: 'yunet_ipv6_routes', help: 'IPv6 routes seen in inetCidrRouteTable (or ipv6RouteTable).', type: 'gauge' },
  ],
  parse(data, _facts, earlier) {
    const e = parseIpEvidence(data, earlier?.interfaces);
    const samples: Sample[] = [];
    for (const [name, v] of Object.entries(e.raw)) if (v !== null) samples.push({ name, labels: {}, value: v });
    if (e.ipv6RouteNumber !== null) samples.push({ name: 'ipv6RouteNumber', labels: {}, value: e.ipv6RouteNumber });
    for (const i of e.interfaces) {
      const labels = { ifIndex: String(i.ifIndex) };
      if (i.ipv4Enabled !== null) samples.push({ name: 'ipv4InterfaceEnableStatus', labels, value: i.ipv4Enabled ? 1 : 2 });
      if (i.ipv6Enabled !== null) samples.push({ name: 'ipv6InterfaceEnableStatus', labels, value: i.ipv6Enabled ? 1 : 2 });
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
    return { samples, evidence: { ip: e } };
  },
};
