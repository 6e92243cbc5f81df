import { isIPv6 } from 'node:net';
import type { IpAddressRow, IpEvidence } from '../../collectors/ip-evidence';
import { isRoutableScope } from '../net/address-scope';
import { ipv6Share } from './traffic';
import type { Check, CheckId, DeviceInput, Level } from './types';

const pass = (id: CheckId, reason: string): Check => ({ id, status: 'pass', reason });
const fail = (id: CheckId, reason: string): Check => ({ id, status: 'fail', reason });
const unknown = (id: CheckId, reason: string): Check => ({ id, status: 'unknown', reason });

function forwarding(e: IpEvidence): Check {
  const source = e.raw.ipv6IpForwarding !== null ? 'ipv6IpForwarding' : 'ipv6Forwarding (IPV6-MIB)';
  if (e.ipv6Forwarding === true) return pass('ipv6_forwarding', `${source} is 1 (forwarding)`);
  if (e.ipv6Forwarding === false) return fail('ipv6_forwarding', `${source} is 2 (notForwarding)`);
  return unknown('ipv6_forwarding', 'the agent serves neither ipv6IpForwarding nor ipv6Forwarding');
}

/** A device's addresses by interface, grouped once (a device may have hundreds of interfaces and addresses). */
type ByInterface = Map<number | null, IpAddressRow[]>;

function byInterface(e: IpEvidence): ByInterface {
  const out: ByInterface = new Map();
  for (const a of e.addresses) {
    const list = out.get(a.ifIndex);
    if (list) list.push(a);
    else out.set(a.ifIndex, [a]);
  }
  return out;
}

/** IPv6 is on for an interface when the agent says so or when it carries a non-loopback IPv6 address. */
function ipv6Interfaces(e: IpEvidence, addressesOf: ByInterface): string[] {
  const names: string[] = [];
  for (const i of e.interfaces) {
    if (i.loopback) continue;
    const addressed = (addressesOf.get(i.ifIndex) ?? []).some((a) => a.family === 'ipv6' && a.scope !== 'loopback');
    if (i.ipv6Enabled === true || addressed) names.push(i.name);
  }
  // Agents without ifTable rows for the addresses (or no ifType) still show IPv6 on some interface.
  if (names.length === 0 && e.interfaces.length === 0 && e.addresses.some((a) => a.family === 'ipv6' && a.scope !== 'loopback')) names.push('(unnamed)');
  return names;
}

function ipv6Interface(e: IpEvidence, addressesOf: ByInterface): Check {
  const names = ipv6Interfaces(e, addressesOf);
  if (names.length > 0) return pass('ipv6_interface', `IPv6 enabled on ${names.slice(0, 5).join(', ')}${names.length > 5 ? ` and ${names.length - 5} more` : ''}`);
  return fail('ipv6_interface', 'no interface other than loopback has IPv6 enabled or an IPv6 address');
}

function dualStack(e: IpEvidence, addressesOf: ByInterface): Check {
  const missing: string[] = [];
  let v4Interfaces = 0;
  for (const i of e.interfaces) {
    if (i.loopback || i.up === false) continue;
    const here = (addressesOf.get(i.ifIndex) ?? []).filter((a) => a.type !== 'broadcast');
    const v4 = here.find((a) => a.family === 'ipv4' && a.scope !== 'loopback');
    if (!v4) continue;
    v4Interfaces++;
    if (!here.some((a) => a.family === 'ipv6' && isRoutableScope(a.scope))) missing.push(`${i.name} (${v4.address})`);
  }
  const anyV6 = e.addresses.some((a) => a.family === 'ipv6' && isRoutableScope(a.scope));
  if (missing.length > 0)
    return fail('dual_stack_addressing', `up interfaces with IPv4 but no IPv6 address beyond link-local: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}`);
  if (!anyV6) return fail('dual_stack_addressing', 'no IPv6 address beyond link-local');
  return pass('dual_stack_addressing', v4Interfaces > 0 ? `all ${v4Interfaces} up IPv4 interface(s) also have a routable IPv6 address` : 'routable IPv6 addresses present, no IPv4-only interface');
}

function routes(e: IpEvidence): Check {
  // Link-local, multicast and loopback routes exist wherever IPv6 is merely switched on.
  const useful = e.ipv6Routes.filter((r) => {
    const d = r.destination;
    return !(d.startsWith('fe80:') || d.startsWith('ff') || (d === '::1' && r.prefixLength === 128));
  });
  if (useful.length > 0) {
    const hasDefault = useful.some((r) => r.prefixLength === 0);
    return pass('ipv6_routes', `${useful.length} IPv6 route(s)${hasDefault ? ', including a default route' : ''}`);
  }
  if (e.ipv6Routes.length === 0 && e.ipv6RouteNumber !== null && e.ipv6RouteNumber > 0) return pass('ipv6_routes', `ipv6RouteNumber is ${e.ipv6RouteNumber}`);
  return fail('ipv6_routes', 'no IPv6 route beyond link-local and multicast in the routing table');
}

function traffic(d: DeviceInput, e: IpEvidence): Check {
  if (!e.counters.ipv6) return unknown('ipv6_traffic', 'the device does not report ipSystemStats IPv6 octet counters');
  const t = d.traffic;
  if (!t?.delta) return unknown('ipv6_traffic', `no interval in which the counters moved yet: ${t?.note ?? 'needs a second poll to measure traffic'}`);
  const { delta } = t;
  const share = ipv6Share(delta.ipv4Octets, delta.ipv6Octets);
  const seconds = Math.max(1, Math.round((delta.to.getTime() - delta.from.getTime()) / 1000));
  const pct = share !== null ? ` (${(share * 100).toFixed(1)}% of IP traffic)` : '';
  // An older interval says which and why: the polls since found cached counters, a reset or no answer.
  const text =
    t.note === null
      ? (octets: string) => `${octets} in the last ${seconds} s${pct}`
      : (octets: string) => `${octets}${pct} from the ${seconds} s interval ending at ${delta.to.toISOString()}; newer polls: ${t.note}`;
  if (delta.ipv6Octets > 0n) return pass('ipv6_traffic', text(`${delta.ipv6Octets} IPv6 octets`));
  return fail('ipv6_traffic', text('no IPv6 octets'));
}

function snmpOverIpv6(d: DeviceInput): Check {
  if (!isIPv6(d.address.split('%')[0])) return unknown('snmp_over_ipv6', `managed over ${d.address}; no IPv6 management address to test`);
  if (d.up === true) return pass('snmp_over_ipv6', `answers SNMP at ${d.address}`);
  if (d.up === false) return fail('snmp_over_ipv6', `does not answer SNMP at its IPv6 management address ${d.address}`);
  return unknown('snmp_over_ipv6', 'not polled yet');
}

/** The checklist (before SRv6) and the level it supports. */
export function scoreDevice(d: DeviceInput, srv6: Check[]): { level: Level | null; checks: Check[] } {
  const e = d.evidence;
  if (!e) {
    const why = d.evidenceNote ?? 'never reached';
    const ids: CheckId[] = ['ipv6_forwarding', 'ipv6_interface', 'dual_stack_addressing', 'ipv6_routes', 'ipv6_traffic'];
    return { level: null, checks: [...ids.map((id) => unknown(id, why)), snmpOverIpv6(d), ...srv6] };
  }
  const addressesOf = byInterface(e);
  const checks = [forwarding(e), ipv6Interface(e, addressesOf), dualStack(e, addressesOf), routes(e), traffic(d, e), snmpOverIpv6(d), ...srv6];
  const ok = (id: CheckId) => checks.find((c) => c.id === id)?.status === 'pass';
  const notFailed = (id: CheckId) => checks.find((c) => c.id === id)?.status !== 'fail';
  let level: Level = 0;
  if (ok('ipv6_forwarding') || ok('ipv6_interface')) level = 1;
  if (level === 1 && ok('dual_stack_addressing')) level = 2;
  if (level === 2 && ok('ipv6_routes') && ok('ipv6_traffic') && notFailed('snmp_over_ipv6')) level = 3;
  if (level === 3 && srv6.length > 0 && srv6.every((c) => c.status === 'pass')) level = 4;
  return { level, checks };
}
