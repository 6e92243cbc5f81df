import { randomBytes } from 'node:crypto';

export interface PendingLimits {
  perUser: number;
  total: number;
  /** Bytes of all uploads held (one upload larger than this is still held, alone). */
  totalBytes: number;
  ttlMs: number;
}

/**
 * Uploads waiting for their owner to confirm the preview. Bounded per user, in number and in bytes in
 * all, oldest evicted first, each gone after `ttlMs`: however many files anyone previews, memory stays
 * bounded.
 */
export class PendingUploads<T> {
  // Insertion order is age order: the first entries are the oldest.
  private readonly items = new Map<string, { owner: string; value: T; bytes: number; expires: number }>();
  private heldBytes = 0;

  constructor(private readonly limits: PendingLimits) {}

  get size(): number {
    return this.items.size;
  }

  get bytes(): number {
    return this.heldBytes;
  }

  /** Keeps `value` (`bytes` long) for `owner`; returns the id the confirm form sends back. */
  put(owner: string, value: T, bytes: number, now = Date.now()): string {
    this.expire(now);
    const mine = [...this.items].filter(([, u]) => u.owner === owner);
    for (const [id] of mine.slice(0, Math.max(0, mine.length - this.limits.perUser + 1))) this.remove(id);
    while (this.items.size && (this.items.size >= this.limits.total || this.heldBytes + bytes > this.limits.totalBytes)) this.remove(this.items.keys().next().value!);
    const id = randomBytes(16).toString('hex');
    this.items.set(id, { owner, value, bytes, expires: now + this.limits.ttlMs });
    this.heldBytes += bytes;
    return id;
  }

  /** The upload, removed, if it exists, is `owner`'s and has not expired; else null. */
  take(id: string, owner: string, now = Date.now()): T | null {
    this.expire(now);
    const u = this.items.get(id);
    if (!u || u.owner !== owner) return null;
    this.remove(id);
    return u.value;
  }

  private remove(id: string): void {
    this.heldBytes -= this.items.get(id)?.bytes ?? 0;
    this.items.delete(id);
  }

  private expire(now: number): void {
    for (const [id, u] of this.items) if (u.expires <= now) this.remove(id);
  }
}
