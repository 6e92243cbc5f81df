/**
 * Pure decoders for the table indexes of IP-MIB (RFC 4293) and IPV6-MIB (RFC 2465).
 * Indexes arrive as dotted sub-identifier strings (the part of the OID after the column).
 * Agents get these wrong in known ways; each quirk handled here is named where it is handled.
 */
import { collapseIPv6Number } from 'ip-num';

export type AddressFamily = 'ipv4' | 'ipv6';

export interface InetAddress {
  family: AddressFamily;
  /** Display form: dotted IPv4, compressed lower-case IPv6, `%zone` appended for scoped addresses. */
  address: string;
  /** Address without the zone. */
  bare: string;
  /** Zone index of an ipv4z / ipv6z address (the interface for link-local); null otherwise. */
  zone: number | null;
}

/** InetAddressType values (INET-ADDRESS-MIB). */
const ADDR_TYPE = { ipv4: 1, ipv6: 2, ipv4z: 3, ipv6z: 4 } as const;
const BYTES: Record<number, number> = { 1: 4, 2: 16, 3: 8, 4: 20 };

function subids(index: string): number[] | null {
  if (!/^\d+(\.\d+)*$/.test(index)) return null;
  return index.split('.').map(Number);
}

function isByte(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= 255;
}

export function ipv4Text(bytes: number[]): string {
  return bytes.join('.');
}

const compressed = new Map<string, string>();

/** Compressed IPv6 text of 16 bytes, memoised (route tables repeat the same destinations every poll). */
export function ipv6Text(bytes: number[]): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] << 8) | bytes[i + 1]).toString(16));
  const full = groups.join(':');
  let text = compressed.get(full);
  if (text === undefined) {
    text = collapseIPv6Number(full).toLowerCase();
    if (compressed.size >= 200_000) compressed.clear();
    compressed.set(full, text);
  }
  return text;
}

/** Builds an address from InetAddressType and its raw bytes (the zone, if any, is the last 4 bytes). */
export function inetAddress(type: number, bytes: number[]): InetAddress | null {
  if (BYTES[type] === undefined || bytes.length !== BYTES[type] || !bytes.every(isByte)) return null;
  const v6 = type === ADDR_TYPE.ipv6 || type === ADDR_TYPE.ipv6z;
  const addrLen = v6 ? 16 : 4;
  const bare = v6 ? ipv6Text(bytes.slice(0, addrLen)) : ipv4Text(bytes.slice(0, addrLen));
  const scoped = type === ADDR_TYPE.ipv4z || type === ADDR_TYPE.ipv6z;
  const zone = scoped ? bytes.slice(addrLen).reduce((z, b) => z * 256 + b, 0) : null;
  return { family: v6 ? 'ipv6' : 'ipv4', address: zone !== null ? `${bare}%${zone}` : bare, bare, zone };
}

/**
 * Reads `<type>.<len>.<bytes…>` from the front of `ids`; returns the address and how many sub-identifiers it used.
 * Quirk: some agents omit the length byte (seen on IPv4 rows of ipAddressTable). `exact` tells whether the
 * address is the whole index, which is what makes a missing length byte detectable.
 */
function readInet(ids: number[], exact: boolean): { addr: InetAddress; used: number } | null {
  const type = ids[0];
  const want = BYTES[type];
  if (want === undefined) return null;
  if (exact && ids.length === 1 + want) {
    // No length byte: type followed directly by the address bytes.
    const addr = inetAddress(type, ids.slice(1));
    return addr && { addr, used: 1 + want };
  }
  if (ids[1] !== want || ids.length < 2 + want) return null;
  const addr = inetAddress(type, ids.slice(2, 2 + want));
  return addr && { addr, used: 2 + want };
}

/** ipAddressTable index: ipAddressAddrType.ipAddressAddr (length-prefixed, or not — see readInet). */
export function decodeIpAddressIndex(index: string): InetAddress | null {
  const ids = subids(index);
  if (!ids || ids.length < 2) return null;
  const r = readInet(ids, true);
  return r && r.used === ids.length ? r.addr : null;
}

const PREFIX_TABLE = '1.3.6.1.2.1.4.32.1';
const ADDRESS_TABLE = '1.3.6.1.2.1.4.34.1';

/**
 * Prefix length from ipAddressPrefix, a RowPointer into ipAddressPrefixTable
 * (`…4.32.1.<col>.<ifIndex>.<type>.<len>.<prefix bytes>.<length>`): its last sub-identifier.
 * `0.0` means no prefix. Quirk: NX-OS points at the ipAddressTable row itself, whose last sub-identifier is
 * an address byte, not a length — that gives null (unknown), never a wrong length.
 */
export function prefixLengthFromPointer(pointer: string, family: AddressFamily): number | null {
  const oid = pointer.replace(/^\./, '');
  if (oid === '0.0' || oid === '') return null;
  if (oid.startsWith(`${ADDRESS_TABLE}.`)) return null;
  const ids = subids(oid);
  if (!ids) return null;
  const max = family === 'ipv4' ? 32 : 128;
  if (oid.startsWith(`${PREFIX_TABLE}.`)) {
    // col.ifIndex then an InetAddress then the length: check the shape before trusting the last number.
    const rest = ids.slice(PREFIX_TABLE.split('.').length + 2);
    const r = readInet(rest, false);
    if (!r || rest.length !== r.used + 1) return null;
  }
  const last = ids[ids.length - 1];
  return last <= max ? last : null;
}

export interface CidrRouteKey {
  destination: InetAddress;
  prefixLength: number;
  nextHop: InetAddress | null;
}

/**
 * inetCidrRouteTable index: DestType.len.Dest.PfxLen.Policy(len.subids).NextHopType.len.NextHop.
 * The policy is a length-prefixed OID (net-snmp sends 3.0.0.N). A next hop of an unknown shape is
 * tolerated (null): the destination is what readiness needs.
 */
export function decodeCidrRouteIndex(index: string): CidrRouteKey | null {
  const ids = subids(index);
  if (!ids) return null;
  const dest = readInet(ids, false);
  if (!dest) return null;
  let i = dest.used;
  const prefixLength = ids[i++];
  const max = dest.addr.family === 'ipv4' ? 32 : 128;
  if (prefixLength === undefined || prefixLength > max) return null;
  const policyLen = ids[i++];
  if (policyLen === undefined) return null;
  i += policyLen;
  const hop = i < ids.length ? readInet(ids.slice(i), false) : null;
  const nextHop = hop && i + hop.used === ids.length ? hop.addr : null;
  return { destination: dest.addr, prefixLength, nextHop };
}

/** IPV6-MIB ipv6AddrTable index: ipv6IfIndex.<16 address bytes, no length prefix>. */
export function decodeIpv6AddrIndex(index: string): { ifIndex: number; addr: InetAddress } | null {
  const ids = subids(index);
  if (!ids || ids.length !== 17) return null;
  const addr = inetAddress(ADDR_TYPE.ipv6, ids.slice(1));
  return addr && { ifIndex: ids[0], addr };
}

/** IPV6-MIB ipv6RouteTable index: ipv6RouteDest (16 bytes, no length).ipv6RoutePfxLength.ipv6RouteIndex. */
export function decodeIpv6RouteIndex(index: string): { destination: InetAddress; prefixLength: number } | null {
  const ids = subids(index);
  if (!ids || ids.length !== 18) return null;
  const destination = inetAddress(ADDR_TYPE.ipv6, ids.slice(0, 16));
  if (!destination || ids[16] > 128) return null;
  return { destination, prefixLength: ids[16] };
}
