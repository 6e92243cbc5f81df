import { BlockList, isIP } from 'node:net';

/** An IPv4 or IPv6 prefix ("198.19.230.0/24", "2001:db8::/120") or a bare address (a /32 or /128). */
export function splitPrefix(prefix: string): { network: string; bits: number; family: 'ipv4' | 'ipv6' } {
  const [network, len] = prefix.split('/');
  const family = isIP(network) === 6 ? 'ipv6' : 'ipv4';
  return { network, bits: len === undefined ? (family === 'ipv6' ? 128 : 32) : Number(len), family };
}

/** A set of prefixes that answers "is this address inside any of them". */
export function prefixSet(prefixes: string[]): BlockList {
  const list = new BlockList();
  for (const p of prefixes) {
    const { network, bits, family } = splitPrefix(p);
    list.addSubnet(network, bits, family);
  }
  return list;
}

export function contains(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

const v4ToInt = (a: string) => a.split('.').reduce((n, o) => n * 256 + Number(o), 0);
const intToV4 = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');

function v6Groups(a: string): number[] {
  const [head, tail] = a.includes('::') ? a.split('::') : [a, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.map((g) => parseInt(g, 16));
}

/**
 * The addresses of a prefix, one at a time (a /16 is never held in memory). IPv4 networks skip the
 * network and broadcast address from /30 down; IPv6 is walked only for /120 and smaller (the config refuses more).
 */
export function* addressesOf(prefix: string): Generator<string> {
  const { network, bits, family } = splitPrefix(prefix);
  if (family === 'ipv4') {
    const size = 2 ** (32 - bits);
    const base = Math.floor(v4ToInt(network) / size) * size;
    const [first, last] = size >= 4 ? [base + 1, base + size - 2] : [base, base + size - 1];
    for (let n = first; n <= last; n++) yield intToV4(n);
    return;
  }
  if (bits < 120) throw new Error(`${prefix}: IPv6 ranges are swept only for /120 and smaller`);
  const g = v6Groups(network);
  const size = 2 ** (128 - bits);
  const low = Math.floor(g[7] / size) * size;
  for (let n = low; n < low + size; n++) yield [...g.slice(0, 7), n].map((x) => x.toString(16)).join(':');
}
