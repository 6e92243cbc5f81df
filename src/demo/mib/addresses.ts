import { IPv4, IPv4CidrRange, IPv6, IPv6CidrRange } from 'ip-num';

export interface ParsedAddress {
  family: 4 | 6;
  /** The address bytes (4 or 16). */
  bytes: Buffer;
  prefixLength: number;
  /** The prefix the address lies in, as bytes (host bits cleared). */
  network: Buffer;
}

function toBytes(value: bigint, length: number): Buffer {
  return Buffer.from(value.toString(16).padStart(length * 2, '0'), 'hex');
}

/** "198.18.0.1/30" or "2001:db8::1/64" → bytes, prefix length and network. */
export function parseCidr(cidr: string): ParsedAddress {
  const [address] = cidr.split('/');
  if (address.includes(':')) {
    const range = IPv6CidrRange.fromCidr(cidr);
    return { family: 6, bytes: toBytes(IPv6.fromString(address).value, 16), prefixLength: Number(range.getPrefix().getValue()), network: toBytes(range.getFirst().value, 16) };
  }
  const range = IPv4CidrRange.fromCidr(cidr);
  return { family: 4, bytes: toBytes(IPv4.fromString(address).value, 4), prefixLength: Number(range.getPrefix().getValue()), network: toBytes(range.getFirst().value, 4) };
}

/** An address without prefix ("2001:db8::2", "0.0.0.0") → bytes. */
export function addressBytes(address: string): Buffer {
  return address.includes(':') ? toBytes(IPv6.fromString(address).value, 16) : toBytes(IPv4.fromString(address).value, 4);
}

/** The EUI-64 link-local address an interface with this MAC forms (fe80::/64 + modified EUI-64). */
export function linkLocalFromMac(mac: Buffer): Buffer {
  const iid = Buffer.from([mac[0] ^ 0x02, mac[1], mac[2], 0xff, 0xfe, mac[3], mac[4], mac[5]]);
  return Buffer.concat([Buffer.from([0xfe, 0x80, 0, 0, 0, 0, 0, 0]), iid]);
}
