/** A small seeded PRNG (mulberry32): the same seed gives the same cases, so a failure can be replayed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One mutation of a BER datagram, the kinds a fuzzer of a BER parser needs: bit flips, random bytes,
 * truncation, appended junk, corrupted length octets (after a SEQUENCE or OCTET STRING tag), splices of
 * two datagrams, repeated segments.
 */
export function mutate(seeds: Buffer[], rand: () => number): Buffer {
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const int = (n: number) => Math.floor(rand() * n);
  const base = Buffer.from(pick(seeds));
  switch (int(7)) {
    case 0: {
      for (let i = 0, n = 1 + int(8); i < n; i++) base[int(base.length)] ^= 1 << int(8);
      return base;
    }
    case 1: {
      for (let i = 0, n = 1 + int(4); i < n; i++) base[int(base.length)] = int(256);
      return base;
    }
    case 2:
      return base.subarray(0, int(base.length));
    case 3:
      return Buffer.concat([base, Buffer.from(Array.from({ length: 1 + int(64) }, () => int(256)))]);
    case 4: {
      const tags = [...base.keys()].filter((i) => i + 1 < base.length && (base[i] === 0x30 || base[i] === 0x04 || base[i] === 0x02 || base[i] >= 0xa0));
      if (!tags.length) return base;
      const at = pick(tags) + 1;
      base[at] = pick([0x00, 0x7f, 0x80, 0x81, 0x82, 0x84, 0xff, int(256)]);
      return base;
    }
    case 5: {
      const other = pick(seeds);
      return Buffer.concat([base.subarray(0, int(base.length)), other.subarray(int(other.length))]);
    }
    default: {
      const from = int(base.length);
      const seg = base.subarray(from, from + 1 + int(32));
      const at = int(base.length);
      return Buffer.concat([base.subarray(0, at), seg, seg, base.subarray(at)]);
    }
  }
}
