import { isIP } from 'node:net';
import type { Db } from '../../db/index';
import { devices } from '../../db/schema/inventory';

/** One spelling per address: IPv4-mapped IPv6 becomes IPv4, IPv6 is compressed and lower-cased. */
export function normaliseAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  if (isIP(address) === 6) return new URL(`http://[${address.replace(/%.*$/, '')}]/`).hostname.slice(1, -1);
  return address;
}

/**
 * Source address → inventory device, answered from memory: re-read in the background at most every `ttlMs`, so
 * devices added over the API are recognised within seconds without a query per trap.
 */
export class DeviceByAddress {
  private map = new Map<string, string>();
  private loadedAt = -Infinity;
  private loading: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    private readonly ttlMs = 5000,
    private readonly onError: (e: unknown) => void = () => {},
  ) {}

  lookup(address: string, now = performance.now()): string | null {
    if (now - this.loadedAt > this.ttlMs) void this.load(now).catch(this.onError);
    return this.map.get(normaliseAddress(address)) ?? null;
  }

  /** Re-reads the addresses (one read at a time); the receiver awaits the first before it listens. */
  load(now = performance.now()): Promise<void> {
    this.loading ??= (async () => {
      try {
        const map = new Map<string, string>();
        for (const d of await this.db.select({ name: devices.name, address: devices.address }).from(devices))
          if (isIP(d.address)) map.set(normaliseAddress(d.address), d.name);
        this.map = map;
      } finally {
        // A failed read is retried after the same pause, not on every trap.
        this.loadedAt = now;
        this.loading = null;
      }
    })();
    return this.loading;
  }
}
