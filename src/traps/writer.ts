import type { Db } from '../../db/index';
import { events, type NewEvent } from '../../db/schema/events';

export interface WriterOptions {
  /** Longest a received event waits before it is written. */
  flushMs?: number;
  /** Rows per INSERT transaction; the event loop gets a turn between transactions. */
  batch?: number;
  /** Events held in memory at most; beyond it new events are dropped (and counted by the caller). */
  maxQueue?: number;
}

/**
 * Writes events in batches: one transaction per few hundred rows instead of one per trap, so a trap
 * storm costs a handful of fsync-free WAL commits per second and never blocks the socket for long.
 */
export class EventWriter {
  private queue: NewEvent[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing = false;
  private readonly flushMs: number;
  private readonly batch: number;
  private readonly maxQueue: number;
  written = 0;

  constructor(
    private readonly db: Db,
    opts: WriterOptions = {},
    private readonly onError: (e: Error) => void = () => {},
  ) {
    this.flushMs = opts.flushMs ?? 100;
    this.batch = opts.batch ?? 500;
    this.maxQueue = opts.maxQueue ?? 200_000;
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Queues one event; false when the queue is full and the event was dropped. */
  push(e: NewEvent): boolean {
    if (this.queue.length >= this.maxQueue) return false;
    this.queue.push(e);
    if (!this.timer && !this.writing) this.timer = setTimeout(() => this.drain(), this.queue.length >= this.batch ? 0 : this.flushMs);
    return true;
  }

  /** Writes one batch; returns rows written. */
  private writeBatch(): number {
    const rows = this.queue.splice(0, this.batch);
    if (!rows.length) return 0;
    try {
      this.db.transaction((tx) => {
        tx.insert(events).values(rows).run();
      });
      this.written += rows.length;
    } catch (e) {
      this.onError(e as Error);
    }
    return rows.length;
  }

  private drain(): void {
    this.timer = null;
    this.writing = true;
    this.writeBatch();
    if (this.queue.length) {
      // Let the receive socket run between batches.
      setImmediate(() => this.drain());
      return;
    }
    this.writing = false;
  }

  /** Writes everything still queued (at shutdown, and in tests). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.queue.length) this.writeBatch();
  }
}
