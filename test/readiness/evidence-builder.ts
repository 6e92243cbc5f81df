import type { IpAddressRow, IpEvidence, IpInterface } from '../../collectors/ip-evidence';
import { classifyAddress } from '../../src/net/address-scope';
import type { DeviceInput } from '../../src/readiness/types';

/** Evidence as parseIpEvidence would produce it, for scoring and plan tests. */
export function addr(address: string, ifIndex: number, prefixLength: number | null = null): IpAddressRow {
  return {
    family: address.includes(':') ? 'ipv6' : 'ipv4',
    address,
    scope: classifyAddress(address) ?? 'unknown',
    ifIndex,
    prefixLength,
    type: 'unicast',
    origin: 'manual',
    status: 'preferred',
    source: 'IP-MIB',
  };
}

export function iface(ifIndex: number, name: string, opts: Partial<IpInterface> = {}): IpInterface {
  return { ifIndex, name, loopback: name === 'lo', up: true, ipv4Enabled: null, ipv6Enabled: null, ...opts };
}

export function evidence(parts: Partial<IpEvidence>): IpEvidence {
  return {
    raw: { ipForwarding: 1, ipv6IpForwarding: parts.ipv6Forwarding === true ? 1 : parts.ipv6Forwarding === false ? 2 : null, ipv6Forwarding: null },
    ipv4Forwarding: true,
    ipv6Forwarding: null,
    addresses: [],
    interfaces: [],
    ipv6Routes: [],
    ipv6RouteNumber: null,
    counters: { ipv4: { in: 0n, out: 0n, discontinuity: 0 }, ipv6: { in: 0n, out: 0n, discontinuity: 0 } },
    ipv6MibFallback: false,
    ...parts,
  };
}

export function device(name: string, e: IpEvidence | null, extra: Partial<DeviceInput> = {}): DeviceInput {
  return {
    name,
    unit: null,
    role: null,
    address: '198.18.1.2',
    up: e ? true : null,
    evidence: e,
    evidenceAt: e ? new Date() : null,
    evidenceNote: e ? null : 'never reached',
    traffic: null,
    srv6: null,
    ...extra,
  };
}
