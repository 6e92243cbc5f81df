import { randomBytes } from 'node:crypto';

export interface PendingLimits {
  perUser: number;
  total: number;
  ttlMs: number;
}

/**
 * Uploads waiting for their owner to confirm the preview. Bounded per user and in all, oldest evicted
 * first, each gone after `ttlMs`: however many files a user previews, memory stays bounded.
 */
export class PendingUploads<T> {
  // Insertion order is age order: the first entries are the oldest.
  private readonly items = new Map<string, { owner: string; value: T; expires: number }>();

  constructor(private readonly limits: PendingLimits) {}

  get size(): number {
    return this.items.size;
  }

  /** Keeps `value` for `owner`; returns the id the confirm form sends back. */
  put(owner: string, value: T, now = Date.now()): string {
    this.expire(now);
    const mine = [...this.items].filter(([, u]) => u.owner === owner);
    for (const [id] of mine.slice(0, Math.max(0, mine.length - this.limits.perUser + 1))) this.items.delete(id);
    while (this.items.size >= this.limits.total) this.items.delete(this.items.keys().next().value!);
    const id = randomBytes(16).toString('hex');
    this.items.set(id, { owner, value, expires: now + this.limits.ttlMs });
    return id;
  }

  /** The upload, removed, if it exists, is `owner`'s and has not expired; else null. */
  take(id: string, owner: string, now = Date.now()): T | null {
    this.expire(now);
    const u = this.items.get(id);
    if (!u || u.owner !== owner) return null;
    this.items.delete(id);
    return u.value;
  }

  private expire(now: number): void {
    for (const [id, u] of this.items) if (u.expires <= now) this.items.delete(id);
  }
}
