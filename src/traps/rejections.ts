import { asc, count, desc, lte, sql, type SQL } from 'drizzle-orm';
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
  async flush(now = Date.now()): Promise<void> {
    if (!this.tallies.size) return;
    const rows = [...this.tallies.values()];
    this.tallies.clear();
    const current = Math.floor(now / 60_000) * 60;
    for (const b of this.sources.keys()) if (b < current) this.sources.delete(b);
    await this.db.transaction(async (tx) => {
      for (const r of rows)
        await tx
          .insert(trapRejections)
          .values({ bucket: r.bucket, source: r.source, reason: r.reason, datagrams: r.datagrams, firstSeen: new Date(r.first), lastSeen: new Date(r.last) })
          .onConflictDoUpdate({
            target: [trapRejections.bucket, trapRejections.source, trapRejections.reason],
            set: { datagrams: sql`${trapRejections.datagrams} + ${r.datagrams}`, lastSeen: new Date(r.last) },
          });
      const [{ n: stored }] = await tx.select({ n: count() }).from(trapRejections);
      if (stored > this.opts.maxRows) {
        // Whole minutes go, oldest first, so a minute is never half counted.
        const [cut] = await tx.select({ bucket: trapRejections.bucket }).from(trapRejections).orderBy(asc(trapRejections.bucket)).limit(1).offset(stored - this.opts.maxRows);
        if (cut) await tx.delete(trapRejections).where(lte(trapRejections.bucket, cut.bucket));
      }
    });
  }
}

/**
 * Refused datagrams summed per claimed source and reason over the buckets `where` selects, most first, as
 * the API and the after-action report show them. Aggregated in SQL: a flood never reaches memory row by row.
 */
export async function rejectionTotals(db: Db, where: SQL | undefined, limit: number) {
  const rows = await db
    .select({
      source: trapRejections.source,
      reason: trapRejections.reason,
      datagrams: sql<number>`sum(${trapRejections.datagrams})`,
      first: sql<number>`min(${trapRejections.firstSeen})`,
      last: sql<number>`max(${trapRejections.lastSeen})`,
      device: sql<string | null>`(SELECT d.name FROM devices d WHERE d.address = "trap_rejections"."source" LIMIT 1)`,
    })
    .from(trapRejections)
    .where(where)
    .groupBy(trapRejections.source, trapRejections.reason)
    .orderBy(desc(sql`sum(${trapRejections.datagrams})`))
    .limit(limit);
  return rows.map(rejectionView);
}

function rejectionView(r: { source: string; reason: string; datagrams: number; first: number; last: number; device: string | null }) {
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
