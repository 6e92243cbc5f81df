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
 * Source address → inventory device. Re-read from the database at most every `ttlMs`, so devices added
 * over the API are recognised within seconds without a query per trap.
 */
export class DeviceByAddress {
  private map = new Map<string, string>();
  private loadedAt = -Infinity;

  constructor(
    private readonly db: Db,
    private readonly ttlMs = 5000,
  ) {}

  lookup(address: string, now = performance.now()): string | null {
    if (now - this.loadedAt > this.ttlMs) this.reload(now);
    return this.map.get(normaliseAddress(address)) ?? null;
  }

  private reload(now: number): void {
    const map = new Map<string, string>();
    for (const d of this.db.select({ name: devices.name, address: devices.address }).from(devices).all())
      if (isIP(d.address)) map.set(normaliseAddress(d.address), d.name);
    this.map = map;
    this.loadedAt = now;
  }
}
