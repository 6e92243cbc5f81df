import { and, asc, gte, inArray, sql } from 'drizzle-orm';
import { relaxedTransaction, type Db } from '../../db/index';
import { events, type NewEvent } from '../../db/schema/events';
import { isStorageError } from '../faults';

export type DropReason = 'queue_full' | 'rows_cap' | 'bytes_cap' | 'retention' | 'duplicate';

/** A trap whose fingerprint was stored this recently is a copy (another node got it too, or an inform was resent). */
export const DUPLICATE_WINDOW_MS = 60_000;

export interface WriterOptions {
  /** Longest a received event waits before it is written. */
  flushMs?: number;
  /** Rows per INSERT transaction; the event loop gets a turn between transactions. */
  batch?: number;
  /** Events held in memory at most; beyond it new events are dropped (queue_full). */
  maxQueue?: number;
  /** Stored events at most; the oldest go first (rows_cap). */
  maxRows?: number;
  /** Stored event bytes at most (the `bytes` column); the oldest go first (bytes_cap). */
  maxBytes?: number;
  /** Whether other nodes write the table too: then its totals are read again before the caps are checked. */
  shared?: () => boolean;
  /** How often a node sharing the table reads its totals again (a count over up to a million rows). */
  recountMs?: number;
}

/**
 * Writes events in batches: one transaction per few hundred rows instead of one per trap, so a trap
 * storm costs a handful of WAL commits per second and never blocks the socket for long. Keeps the
 * table under its row and byte caps by deleting the oldest events, each drop reported.
 */
export class EventWriter {
  private queue: NewEvent[] = [];
  private timer: NodeJS.Timeout | null = null;
  private draining: Promise<void> | null = null;
  private readonly flushMs: number;
  private readonly batch: number;
  private readonly maxQueue: number;
  private readonly maxRows: number;
  private readonly maxBytes: number;
  /** What the table holds, kept in step with this node's inserts and deletes (read at start, and again when shared). */
  private stored = { rows: 0, bytes: 0 };
  private counted = 0;
  private readonly shared: () => boolean;
  private readonly recountMs: number;
  private readonly ready: Promise<void>;
  written = 0;

  constructor(
    private readonly db: Db,
    opts: WriterOptions = {},
    private readonly onError: (e: Error) => void = () => {},
    private readonly onDrop: (reason: DropReason, n: number) => void = () => {},
    /** After each stored batch, with the events stored (copies of a stored trap are not among them). */
    private readonly onStored: (rows: readonly NewEvent[]) => void = () => {},
  ) {
    this.flushMs = opts.flushMs ?? 100;
    this.batch = opts.batch ?? 500;
    this.maxQueue = opts.maxQueue ?? 50_000;
    this.maxRows = opts.maxRows ?? Infinity;
    this.maxBytes = opts.maxBytes ?? Infinity;
    this.shared = opts.shared ?? (() => false);
    this.recountMs = opts.recountMs ?? 5000;
    this.ready = this.recount();
    this.ready.catch((e: Error) => this.onError(e));
  }

  /** Reads the table's totals (with other nodes' writes and sweeps in them). */
  private async recount(): Promise<void> {
    const [t] = await this.db.select({ rows: sql<number>`count(*)`, bytes: sql<number>`coalesce(sum(${events.bytes}), 0)` }).from(events);
    this.stored = { rows: Number(t?.rows ?? 0), bytes: Number(t?.bytes ?? 0) };
    this.counted = Date.now();
  }

  get pending(): number {
    return this.queue.length;
  }

  get table(): { rows: number; bytes: number } {
    return { ...this.stored };
  }

  /** Queues one event; false when the queue is full and the event was dropped. */
  push(e: NewEvent): boolean {
    if (this.queue.length >= this.maxQueue) {
      this.onDrop('queue_full', 1);
      return false;
    }
    this.queue.push(e);
    if (!this.timer && !this.draining) this.timer = setTimeout(() => this.startDraining(), this.queue.length >= this.batch ? 0 : this.flushMs);
    return true;
  }

  /** Writes one batch; returns rows taken from the queue. */
  private async writeBatch(): Promise<number> {
    const batch = this.queue.splice(0, this.batch);
    if (!batch.length) return 0;
    try {
      // Event batches do not wait for the disk: an fsync on a busy disk held the event loop long enough for the kernel
      // to drop thousands of datagrams in a flood; the trap is only ever as durable as UDP delivered it anyway.
      // Checked and inserted in one write transaction: two nodes storing the same trap serialise here.
      const rows = await relaxedTransaction(this.db, async (tx) => {
        // One lookup for the batch: fingerprints stored since the window before its oldest trap.
        const fingerprints = batch.flatMap((r) => (r.fingerprint ? [r.fingerprint] : []));
        const since = new Date(Math.min(...batch.map((r) => r.time.getTime())) - DUPLICATE_WINDOW_MS);
        const stored = fingerprints.length
          ? await tx.select({ fingerprint: events.fingerprint }).from(events).where(and(inArray(events.fingerprint, fingerprints), gte(events.time, since)))
          : [];
        const seen = new Set(stored.map((r) => r.fingerprint));
        const fresh = batch.filter((r) => {
          if (!r.fingerprint) return true;
          if (seen.has(r.fingerprint)) return false;
          seen.add(r.fingerprint);
          return true;
        });
        if (fresh.length) await tx.insert(events).values(fresh);
        return fresh;
      });
      if (rows.length < batch.length) this.onDrop('duplicate', batch.length - rows.length);
      this.written += rows.length;
      this.stored.rows += rows.length;
      for (const r of rows) this.stored.bytes += r.bytes ?? 0;
      this.onStored(rows);
      await this.enforceCaps();
    } catch (e) {
      this.onError(e as Error);
      // The disk is full or locked: keep the batch (the queue's bound still holds) and try again later.
      if (isStorageError(e)) {
        this.queue.unshift(...batch);
        return 0;
      }
    }
    return batch.length;
  }

  /** Deletes the oldest events until both caps hold again, with 1 % headroom so it does not run every batch. */
  private async enforceCaps(): Promise<void> {
    if (this.maxRows === Infinity && this.maxBytes === Infinity) return;
    if (this.shared() && Date.now() - this.counted >= this.recountMs) await this.recount();
    for (const [reason, over] of [
      ['rows_cap', () => this.stored.rows > this.maxRows],
      ['bytes_cap', () => this.stored.bytes > this.maxBytes],
    ] as const) {
      if (!over()) continue;
      while (this.stored.rows > 0 && (this.stored.rows > this.maxRows * 0.99 || this.stored.bytes > this.maxBytes * 0.99)) {
        const chunk = Math.max(100, Math.min(10_000, Math.ceil(this.stored.rows * 0.01)));
        const oldest = this.db.select({ id: events.id }).from(events).orderBy(asc(events.id)).limit(chunk);
        const gone = await this.db.delete(events).where(inArray(events.id, oldest)).returning({ bytes: events.bytes });
        if (!gone.length) break;
        this.stored.rows -= gone.length;
        for (const g of gone) this.stored.bytes -= g.bytes;
        this.onDrop(reason, gone.length);
      }
    }
  }

  /** Events deleted by the retention sweep: keeps the running totals right. */
  forget(rows: number, bytes: number): void {
    this.stored.rows -= rows;
    this.stored.bytes -= bytes;
    if (rows) this.onDrop('retention', rows);
  }

  private startDraining(): void {
    this.timer = null;
    this.draining = this.drain().finally(() => {
      this.draining = null;
    });
  }

  /** Writes batch after batch, letting the receive socket run between them, until the queue is empty. */
  private async drain(): Promise<void> {
    await this.ready.catch(() => undefined);
    while (this.queue.length) {
      if ((await this.writeBatch()) === 0) {
        // Storage refused the batch: retry after a pause rather than spin.
        this.timer = setTimeout(() => this.startDraining(), 1000);
        return;
      }
      await new Promise((r) => setImmediate(r));
    }
  }

  /** Writes everything still queued (at shutdown, and in tests). */
  async flush(): Promise<void> {
    await this.draining;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.ready.catch(() => undefined);
    while (this.queue.length) if ((await this.writeBatch()) === 0) break;
  }
}
