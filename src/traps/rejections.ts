import { asc, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/index';
import { trapRejections } from '../../db/schema/events';
import type { RejectReason } from './metrics';

interface Tally {
  bucket: number;
  source: string;
  reason: RejectReason;
  datagrams: number;
  first: number;
  last: number;
}

export interface RejectionOptions {
  /** Distinct claimed sources counted per minute; the rest count as "other". */
  maxSourcesPerMinute: number;
  /** Rows kept in trap_rejections; the oldest minutes go first. */
  maxRows: number;
}

/**
 * Rejected datagrams counted in memory per (minute, claimed source, reason) and added to
 * trap_rejections on flush: a flood costs a map update per datagram and a bounded number of rows.
 */
export class RejectionCounter {
  private tallies = new Map<string, Tally>();
  private sources = new Map<number, Set<string>>();

  constructor(
    private readonly db: Db,
    private readonly opts: RejectionOptions,
  ) {}

  record(source: string, reason: RejectReason, now = Date.now()): void {
    const bucket = Math.floor(now / 60_000) * 60;
    let seen = this.sources.get(bucket);
    if (!seen) this.sources.set(bucket, (seen = new Set()));
    if (!seen.has(source)) {
      if (seen.size >= this.opts.maxSourcesPerMinute) source = 'other';
      else seen.add(source);
    }
    const key = `${bucket}\u0000${source}\u0000${reason}`;
    const t = this.tallies.get(key);
    if (t) {
      t.datagrams++;
      t.last = now;
    } else this.tallies.set(key, { bucket, source, reason, datagrams: 1, first: now, last: now });
  }

  /** Adds the tallies to the table in one transaction and trims it to its row cap. */
  flush(now = Date.now()): void {
    if (!this.tallies.size) return;
    const rows = [...this.tallies.values()];
    this.tallies.clear();
    const current = Math.floor(now / 60_000) * 60;
    for (const b of this.sources.keys()) if (b < current) this.sources.delete(b);
    this.db.transaction((tx) => {
      for (const r of rows)
        tx.insert(trapRejections)
          .values({ bucket: r.bucket, source: r.source, reason: r.reason, datagrams: r.datagrams, firstSeen: new Date(r.first), lastSeen: new Date(r.last) })
          .onConflictDoUpdate({
            target: [trapRejections.bucket, trapRejections.source, trapRejections.reason],
            set: { datagrams: sql`${trapRejections.datagrams} + ${r.datagrams}`, lastSeen: new Date(r.last) },
          })
          .run();
      const count = tx.select({ n: sql<number>`count(*)` }).from(trapRejections).get()?.n ?? 0;
      if (count > this.opts.maxRows) {
        // Whole minutes go, oldest first, so a minute is never half counted.
        const cut = tx.select({ bucket: trapRejections.bucket }).from(trapRejections).orderBy(asc(trapRejections.bucket)).limit(1).offset(count - this.opts.maxRows).get();
        if (cut) tx.delete(trapRejections).where(lte(trapRejections.bucket, cut.bucket)).run();
      }
    });
  }
}

export function rejectionView(r: { source: string; reason: string; datagrams: number; first: number; last: number; device: string | null }) {
  return {
    claimed_source: r.source,
    reason: r.reason,
    datagrams: r.datagrams,
    first_seen: new Date(r.first).toISOString(),
    last_seen: new Date(r.last).toISOString(),
    /** The inventory device whose address the datagrams claim; the claim is not proof it sent them. */
    address_of_device: r.device,
    description: `${r.datagrams} datagrams claiming source ${r.source}${r.device ? ` (the address of ${r.device})` : ''}, refused: ${r.reason}`,
  };
}
