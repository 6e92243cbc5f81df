import { IPv4, IPv4CidrRange, IPv6, IPv6CidrRange, Validator, collapseIPv6Number } from 'ip-num';

export type Family = 'ipv4' | 'ipv6';

/** A validated network prefix: the address is the first of its range (no host bits). */
export interface Prefix {
  family: Family;
  /** Canonical text: lower case, IPv6 compressed (e.g. 2001:db8:10::/48). */
  text: string;
  length: number;
  range: IPv4CidrRange | IPv6CidrRange;
  /** First and last address as numbers, computed once: containment tests are then plain comparisons. */
  first: bigint;
  last: bigint;
}

function bounds(range: IPv4CidrRange | IPv6CidrRange): { first: bigint; last: bigint } {
  return { first: range.getFirst().getValue(), last: range.getLast().getValue() };
}

export type PrefixResult = { ok: true; prefix: Prefix } | { ok: false; reason: string };

/**
 * Parses "address/length" strictly. ip-num's fromCidr silently accepts host bits
 * (2001:db8::1/64), so the Validator decides first and names what is wrong.
 */
export function parsePrefix(raw: string, family?: Family): PrefixResult {
  const text = raw.trim();
  const m = /^([^/\s]+)\/(\d{1,3})$/.exec(text);
  if (!m) return { ok: false, reason: 'expected address/length, e.g. 2001:db8:10::/48 or 198.18.10.0/24' };
  const isV6 = m[1].includes(':');
  const fam: Family = isV6 ? 'ipv6' : 'ipv4';
  if (family && fam !== family) return { ok: false, reason: `expected an ${family === 'ipv4' ? 'IPv4' : 'IPv6'} prefix` };
  const length = Number(m[2]);
  const max = isV6 ? 128 : 32;
  if (length > max) return { ok: false, reason: `prefix length /${length} is longer than ${max} bits` };
  const addrValid = isV6 ? Validator.isValidIPv6String(m[1])[0] : Validator.isValidIPv4String(m[1])[0];
  if (!addrValid || m[1].includes('%')) return { ok: false, reason: `"${m[1]}" is not an ${isV6 ? 'IPv6' : 'IPv4'} address` };
  const [valid] = isV6 ? Validator.isValidIPv6CidrRange(text.toLowerCase()) : Validator.isValidIPv4CidrRange(text);
  const range = isV6 ? IPv6CidrRange.fromCidr(text.toLowerCase()) : IPv4CidrRange.fromCidr(text);
  const canonical = `${displayAddress(range.getFirst().toString(), fam)}/${length}`;
  if (!valid) return { ok: false, reason: `host bits set (the prefix is ${canonical})` };
  return { ok: true, prefix: { family: fam, text: canonical, length, range, ...bounds(range) } };
}

/** Compressed, lower-case text of an address (ip-num's toString does not compress IPv6). */
export function displayAddress(address: string, family: Family): string {
  if (family === 'ipv4') return address;
  return collapseIPv6Number(address).toLowerCase();
}

export function prefixesOverlap(a: Prefix, b: Prefix): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}

/** True when `inner` lies entirely inside `outer` (or equals it). */
export function prefixInside(inner: Prefix, outer: Prefix): boolean {
  return inner.family === outer.family && inner.first >= outer.first && inner.last <= outer.last;
}

/** A zod-friendly message: the offending value and what is wrong with it. */
export function prefixProblem(raw: unknown, family?: Family): string | null {
  if (typeof raw !== 'string') return 'expected a prefix string';
  const r = parsePrefix(raw, family);
  return r.ok ? null : `"${raw}" is not a valid ${family === 'ipv4' ? 'IPv4 ' : family === 'ipv6' ? 'IPv6 ' : ''}prefix: ${r.reason}`;
}

const addressValues = new Map<string, bigint>();

/** The numeric value of an address, memoised: the same fleet addresses are tested on every report. */
function addressValue(bare: string, v6: boolean): bigint {
  let v = addressValues.get(bare);
  if (v === undefined) {
    v = v6 ? IPv6.fromString(bare).getValue() : IPv4.fromString(bare).getValue();
    if (addressValues.size > 500_000) addressValues.clear();
    addressValues.set(bare, v);
  }
  return v;
}

/** Whether an address (zone id ignored) lies inside a prefix of its family. */
export function addressInPrefix(address: string, prefix: Prefix): boolean {
  const bare = address.split('%')[0];
  const v6 = bare.includes(':');
  if ((prefix.family === 'ipv6') !== v6) return false;
  const v = addressValue(bare, v6);
  return v >= prefix.first && v <= prefix.last;
}

/**
 * A prefix as an agent reports it (a route destination): lenient about host bits, which agents do not
 * send for routes but which must not make the whole evidence unusable.
 */
export function reportedPrefix(address: string, length: number): Prefix | null {
  const text = `${address.split('%')[0]}/${length}`;
  // Route tables repeat across devices and polls; ip-num's range maths is the costly part of a report.
  if (reportedPrefixes.has(text)) return reportedPrefixes.get(text)!;
  const v6 = address.includes(':');
  let prefix: Prefix | null;
  try {
    const range = v6 ? IPv6CidrRange.fromCidr(text) : IPv4CidrRange.fromCidr(text);
    const family: Family = v6 ? 'ipv6' : 'ipv4';
    prefix = { family, text: `${displayAddress(range.getFirst().toString(), family)}/${length}`, length, range, ...bounds(range) };
  } catch {
    prefix = null;
  }
  if (reportedPrefixes.size > 200_000) reportedPrefixes.clear();
  reportedPrefixes.set(text, prefix);
  return prefix;
}

const reportedPrefixes = new Map<string, Prefix | null>();
