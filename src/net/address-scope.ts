import { IPv4, IPv4CidrRange, IPv6, IPv6CidrRange, Validator } from 'ip-num';

export type AddressScope =
  | 'unspecified'
  | 'loopback'
  | 'link-local'
  | 'multicast'
  | 'documentation'
  | 'ipv4-mapped'
  | 'discard'
  | 'site-local'
  | 'ula'
  | 'private'
  | 'benchmarking'
  | 'global'
  | 'unknown';

// Ranges ip-num does not name: site-local (it reports "Global Unicast" for fec0::/10) and the
// IPv4 benchmarking block, which the lab uses and which is not public space.
const SITE_LOCAL = IPv6CidrRange.fromCidr('fec0::/10');
const BENCHMARKING = IPv4CidrRange.fromCidr('198.18.0.0/15');

/**
 * ip-num's IPv6AddressKind is a const enum (erased under isolatedModules), so its string values are
 * compared here, never the enum members.
 */
const IPV6_KIND: Record<string, AddressScope> = {
  Unspecified: 'unspecified',
  Loopback: 'loopback',
  'Link-Local': 'link-local',
  'Unique Local Address': 'ula',
  'Global Unicast': 'global',
  Documentation: 'documentation',
  Multicast: 'multicast',
  'IPv4-Mapped IPv6': 'ipv4-mapped',
  'Discard-Only': 'discard',
  Unknown: 'unknown',
};

// ip-num's classification costs ~0.1 ms per address; a fleet's addresses barely change between polls.
const memo = new Map<string, AddressScope | null>();

/** Scope of an address (zone ids ignored); null when the text is not an address. */
export function classifyAddress(address: string): AddressScope | null {
  const bare = address.split('%')[0];
  let scope = memo.get(bare);
  if (scope === undefined) {
    scope = classify(bare);
    if (memo.size >= 200_000) memo.clear();
    memo.set(bare, scope);
  }
  return scope;
}

function classify(bare: string): AddressScope | null {
  if (bare.includes(':')) {
    if (!Validator.isValidIPv6String(bare)[0]) return null;
    const ip = IPv6.fromString(bare);
    const kind = IPV6_KIND[String(ip.getKind())] ?? 'unknown';
    if (kind === 'global' && SITE_LOCAL.contains(ip)) return 'site-local';
    return kind;
  }
  if (!Validator.isValidIPv4String(bare)[0]) return null;
  const ip = IPv4.fromString(bare);
  if (ip.isUnspecified()) return 'unspecified';
  if (ip.isLoopback()) return 'loopback';
  if (ip.isLinkLocal()) return 'link-local';
  if (ip.isMulticast()) return 'multicast';
  if (ip.isDocumentation()) return 'documentation';
  if (ip.isPrivate()) return 'private';
  if (BENCHMARKING.contains(ip)) return 'benchmarking';
  return 'global';
}

/**
 * Whether an IPv6 address counts for dual-stack addressing: anything a neighbour beyond the link could
 * reach (global, ULA, documentation in labs, site-local on old gear), not link-local, loopback or multicast.
 */
export function isRoutableScope(scope: AddressScope | null): boolean {
  return scope === 'global' || scope === 'ula' || scope === 'documentation' || scope === 'site-local' || scope === 'private' || scope === 'benchmarking';
}
