/**
 * IP-MIB / IPV6-MIB evidence of a device's dual-stack state, as typed data. Pure: the `ip` collector
 * turns it into samples and readiness scores it, both from the same recorded varbinds.
 */
import type { Collected, InterfaceRow } from './types';
import type { Varbind } from '../src/snmp/types';
import { column, num } from './decode';
import { classifyAddress, type AddressScope } from '../src/net/address-scope';
import {
  decodeCidrRouteIndex,
  decodeIpAddressIndex,
  decodeIpv6AddrIndex,
  decodeIpv6RouteIndex,
  prefixLengthFromPointer,
  type AddressFamily,
} from './ip-index';

/** Scalars, fetched with GET (absent ones come back as noSuchObject, or one by one from a v1 agent). */
export const IP_SCALARS = {
  ipForwarding: '1.3.6.1.2.1.4.1.0',
  ipv6IpForwarding: '1.3.6.1.2.1.4.25.0',
  ipv6Forwarding: '1.3.6.1.2.1.55.1.1.0',
  ipv6RouteNumber: '1.3.6.1.2.1.55.1.9.0',
  // ipSystemStatsTable has one row per IP version (1 ipv4, 2 ipv6): a GET, not a walk.
  ipv4HCInOctets: '1.3.6.1.2.1.4.31.1.1.6.1',
  ipv6HCInOctets: '1.3.6.1.2.1.4.31.1.1.6.2',
  ipv4HCOutOctets: '1.3.6.1.2.1.4.31.1.1.33.1',
  ipv6HCOutOctets: '1.3.6.1.2.1.4.31.1.1.33.2',
  ipv4DiscontinuityTime: '1.3.6.1.2.1.4.31.1.1.46.1',
  ipv6DiscontinuityTime: '1.3.6.1.2.1.4.31.1.1.46.2',
} as const;

/** Table columns, walked side by side. */
export const IP_OIDS = {
  ipv4InterfaceEnableStatus: '1.3.6.1.2.1.4.28.1.3',
  ipv6InterfaceEnableStatus: '1.3.6.1.2.1.4.30.1.5',
  ipAddressIfIndex: '1.3.6.1.2.1.4.34.1.3',
  ipAddressType: '1.3.6.1.2.1.4.34.1.4',
  ipAddressPrefix: '1.3.6.1.2.1.4.34.1.5',
  ipAddressOrigin: '1.3.6.1.2.1.4.34.1.6',
  ipAddressStatus: '1.3.6.1.2.1.4.34.1.7',
  /** inetCidrRouteIfIndex, IPv6 destinations only (DestType 2). */
  inetCidrRouteIfIndexV6: '1.3.6.1.2.1.4.24.7.1.7.2',
  ipv6AddrPfxLength: '1.3.6.1.2.1.55.1.8.1.2',
  ipv6AddrType: '1.3.6.1.2.1.55.1.8.1.3',
  ipv6AddrStatus: '1.3.6.1.2.1.55.1.8.1.5',
  ipv6RouteIfIndex: '1.3.6.1.2.1.55.1.11.1.4',
} as const;

export interface IpAddressRow {
  family: AddressFamily;
  /** Display form, `%zone` for scoped addresses. */
  address: string;
  scope: AddressScope;
  ifIndex: number | null;
  prefixLength: number | null;
  type: 'unicast' | 'anycast' | 'broadcast' | null;
  origin: string | null;
  status: string | null;
  source: 'IP-MIB' | 'IPV6-MIB';
}

export interface IpInterface {
  ifIndex: number;
  name: string;
  loopback: boolean;
  /** null when the agent does not report ifOperStatus. */
  up: boolean | null;
  ipv4Enabled: boolean | null;
  ipv6Enabled: boolean | null;
}

export interface Ipv6Route {
  destination: string;
  prefixLength: number;
  ifIndex: number | null;
}

export interface OctetCounters {
  in: bigint;
  out: bigint;
  /** ipSystemStatsDiscontinuityTime (TimeTicks); a change means the counters restarted. */
  discontinuity: number | null;
}

/** The ipSystemStats HC octet counters of both IP versions (null where a version is not served). */
export interface IpCounters {
  ipv4: OctetCounters | null;
  ipv6: OctetCounters | null;
}

export interface IpEvidence {
  /** The forwarding scalars as the agent sent them (1 forwarding, 2 not), null where not served. */
  raw: { ipForwarding: number | null; ipv6IpForwarding: number | null; ipv6Forwarding: number | null };
  ipv4Forwarding: boolean | null;
  /** ipv6IpForwarding (IP-MIB), else ipv6Forwarding (IPV6-MIB); null when neither is served. */
  ipv6Forwarding: boolean | null;
  addresses: IpAddressRow[];
  interfaces: IpInterface[];
  /** IPv6 routes from inetCidrRouteTable, else ipv6RouteTable. */
  ipv6Routes: Ipv6Route[];
  /** ipv6RouteNumber (IPV6-MIB) when served: counts routes even where the table is not walked. */
  ipv6RouteNumber: number | null;
  counters: IpCounters;
  /** True when IPv6 addresses came from IPV6-MIB because ipAddressTable had none (Huawei NE/CE). */
  ipv6MibFallback: boolean;
}

const ADDRESS_TYPE = { 1: 'unicast', 2: 'anycast', 3: 'broadcast' } as const;
const ORIGIN: Record<number, string> = { 1: 'other', 2: 'manual', 4: 'dhcp', 5: 'linklayer', 6: 'random' };
const STATUS: Record<number, string> = { 1: 'preferred', 2: 'deprecated', 3: 'invalid', 4: 'inaccessible', 5: 'unknown', 6: 'tentative', 7: 'duplicate', 8: 'optimistic' };
const V6MIB_TYPE: Record<number, string> = { 1: 'stateless', 2: 'stateful', 3: 'unknown' };
const V6MIB_STATUS: Record<number, string> = { 1: 'preferred', 2: 'deprecated', 3: 'invalid', 4: 'inaccessible', 5: 'unknown' };
const SOFTWARE_LOOPBACK = 24;

function int(vb: Varbind | undefined): number | null {
  const v = num(vb?.value);
  return v === null ? null : Number(v);
}

function bigint(vb: Varbind | undefined): bigint | null {
  const v = num(vb?.value);
  return v === null ? null : BigInt(v);
}

/** TruthValue-like enums: 1 = yes/up/forwarding, 2 = no/down/notForwarding. */
function flag(v: number | null): boolean | null {
  return v === 1 ? true : v === 2 ? false : null;
}

function ipMibAddresses(walk: Map<string, Varbind[]>): IpAddressRow[] {
  const ifIndex = column(walk, IP_OIDS.ipAddressIfIndex);
  const type = column(walk, IP_OIDS.ipAddressType);
  const prefix = column(walk, IP_OIDS.ipAddressPrefix);
  const origin = column(walk, IP_OIDS.ipAddressOrigin);
  const status = column(walk, IP_OIDS.ipAddressStatus);
  const rows: IpAddressRow[] = [];
  for (const [index, vb] of ifIndex) {
    const addr = decodeIpAddressIndex(index);
    if (!addr) continue;
    const t = int(type.get(index));
    const p = prefix.get(index)?.value;
    rows.push({
      family: addr.family,
      address: addr.address,
      scope: classifyAddress(addr.bare) ?? 'unknown',
      ifIndex: int(vb),
      prefixLength: typeof p === 'string' ? prefixLengthFromPointer(p, addr.family) : null,
      type: t !== null && t in ADDRESS_TYPE ? ADDRESS_TYPE[t as keyof typeof ADDRESS_TYPE] : null,
      origin: ORIGIN[int(origin.get(index)) ?? -1] ?? null,
      status: STATUS[int(status.get(index)) ?? -1] ?? null,
      source: 'IP-MIB',
    });
  }
  return rows;
}

function ipv6MibAddresses(walk: Map<string, Varbind[]>): IpAddressRow[] {
  const pfx = column(walk, IP_OIDS.ipv6AddrPfxLength);
  const type = column(walk, IP_OIDS.ipv6AddrType);
  const status = column(walk, IP_OIDS.ipv6AddrStatus);
  const indexes = new Set([...pfx.keys(), ...status.keys()]);
  const rows: IpAddressRow[] = [];
  for (const index of indexes) {
    const d = decodeIpv6AddrIndex(index);
    if (!d) continue;
    rows.push({
      family: 'ipv6',
      address: d.addr.address,
      scope: classifyAddress(d.addr.bare) ?? 'unknown',
      ifIndex: d.ifIndex,
      prefixLength: int(pfx.get(index)),
      type: 'unicast',
      origin: V6MIB_TYPE[int(type.get(index)) ?? -1] ?? null,
      status: V6MIB_STATUS[int(status.get(index)) ?? -1] ?? null,
      source: 'IPV6-MIB',
    });
  }
  return rows;
}

/** Interfaces from the `interfaces` collector's rows of the same poll, so this collector does not walk ifTable a second time. */
function interfaces(ifRows: readonly InterfaceRow[], walk: Map<string, Varbind[]>): IpInterface[] {
  const v4 = column(walk, IP_OIDS.ipv4InterfaceEnableStatus);
  const v6 = column(walk, IP_OIDS.ipv6InterfaceEnableStatus);
  const byIndex = new Map<string, { name: string; type: number | null; oper: number | null }>();
  for (const r of ifRows) byIndex.set(String(r.ifIndex), { name: r.name, type: r.ifType, oper: r.ifOperStatus });
  for (const i of [...v4.keys(), ...v6.keys()]) if (/^\d+$/.test(i) && !byIndex.has(i)) byIndex.set(i, { name: `ifIndex ${i}`, type: null, oper: null });
  return [...byIndex]
    .map(([i, r]) => ({
      ifIndex: Number(i),
      name: r.name,
      loopback: r.type === SOFTWARE_LOOPBACK,
      up: r.oper === null ? null : r.oper === 1,
      ipv4Enabled: flag(int(v4.get(i))),
      ipv6Enabled: flag(int(v6.get(i))),
    }))
    .sort((a, b) => a.ifIndex - b.ifIndex);
}

function ipv6Routes(walk: Map<string, Varbind[]>): Ipv6Route[] {
  const routes: Ipv6Route[] = [];
  for (const [index, vb] of column(walk, IP_OIDS.inetCidrRouteIfIndexV6)) {
    const key = decodeCidrRouteIndex(`2.${index}`);
    if (key?.destination.family === 'ipv6') routes.push({ destination: key.destination.address, prefixLength: key.prefixLength, ifIndex: int(vb) });
  }
  if (routes.length > 0) return routes;
  for (const [index, vb] of column(walk, IP_OIDS.ipv6RouteIfIndex)) {
    const key = decodeIpv6RouteIndex(index);
    if (key) routes.push({ destination: key.destination.address, prefixLength: key.prefixLength, ifIndex: int(vb) });
  }
  return routes;
}

function counters(get: Map<string, Varbind>, v: 'ipv4' | 'ipv6'): OctetCounters | null {
  const inOctets = bigint(get.get(IP_SCALARS[`${v}HCInOctets`]));
  const outOctets = bigint(get.get(IP_SCALARS[`${v}HCOutOctets`]));
  if (inOctets === null || outOctets === null) return null;
  return { in: inOctets, out: outOctets, discontinuity: int(get.get(IP_SCALARS[`${v}DiscontinuityTime`])) };
}

/** The ipSystemStats HC octet counters of both IP versions, from a GET of IP_TRAFFIC_GET (or IP_GET). */
export function ipCounters(get: Map<string, Varbind>): IpCounters {
  return { ipv4: counters(get, 'ipv4'), ipv6: counters(get, 'ipv6') };
}

/** ipSystemStats octets and discontinuity of both versions: one small GET, cheap enough for every cycle. */
export const IP_TRAFFIC_GET: string[] = [
  IP_SCALARS.ipv4HCInOctets,
  IP_SCALARS.ipv6HCInOctets,
  IP_SCALARS.ipv4HCOutOctets,
  IP_SCALARS.ipv6HCOutOctets,
  IP_SCALARS.ipv4DiscontinuityTime,
  IP_SCALARS.ipv6DiscontinuityTime,
];

/** `ifRows`: the interfaces collector's rows of the same poll (names, types, oper status). */
export function parseIpEvidence({ get, walk }: Collected, ifRows: readonly InterfaceRow[] = []): IpEvidence {
  const ipMib = ipMibAddresses(walk);
  const hasIpMibV6 = ipMib.some((a) => a.family === 'ipv6');
  const fallback = hasIpMibV6 ? [] : ipv6MibAddresses(walk);
  const raw = {
    ipForwarding: int(get.get(IP_SCALARS.ipForwarding)),
    ipv6IpForwarding: int(get.get(IP_SCALARS.ipv6IpForwarding)),
    ipv6Forwarding: int(get.get(IP_SCALARS.ipv6Forwarding)),
  };
  const ipv6RouteNumber = int(get.get(IP_SCALARS.ipv6RouteNumber));
  return {
    raw,
    ipv4Forwarding: flag(raw.ipForwarding),
    ipv6Forwarding: flag(raw.ipv6IpForwarding) ?? flag(raw.ipv6Forwarding),
    addresses: [...ipMib, ...fallback],
    interfaces: interfaces(ifRows, walk),
    ipv6Routes: ipv6Routes(walk),
    ipv6RouteNumber,
    counters: ipCounters(get),
    ipv6MibFallback: fallback.length > 0,
  };
}

export const IP_GET: string[] = Object.values(IP_SCALARS);
export const IP_WALK_ROOTS: string[] = Object.values(IP_OIDS);
