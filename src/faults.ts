import { Counter, Gauge, type Registry } from 'prom-client';
import { isStorageError, type Db } from '../db/index';
import { storageProbe } from '../db/schema/events';
import type { Logger } from './log';

export { isStorageError };

/** A write refused because storage is not writable: the API answers 503 and nothing was stored. */
export class StorageUnavailableError extends Error {
  constructor() {
    super('storage is not writable (disk full, read-only or locked); nothing was stored — try again when yunet_storage_writable is 1');
  }
}

/**
 * Where background work reports its failures: timers and listeners run through `guard`, so an error is
 * logged and counted (yunet_internal_errors_total{component}) and never ends the process. Storage
 * errors also flip yunet_storage_writable to 0; a probe write every few seconds flips it back when space
 * returns.
 */
export class Faults {
  private readonly errors: Counter<'component'>;
  private readonly writable: Gauge;
  private probe: NodeJS.Timeout | null = null;
  storageWritable = true;

  constructor(
    registry: Registry,
    private readonly log: Logger,
    private readonly db: Db,
    private readonly probeMs = 5000,
  ) {
    this.errors = new Counter({ name: 'yunet_internal_errors_total', help: 'Errors in yunet\'s own background work (timers, listeners, writers), by component; each was logged and the process kept running.', labelNames: ['component'], registers: [registry] });
    this.writable = new Gauge({ name: 'yunet_storage_writable', help: '1 while the database accepts writes; 0 after a write failed for disk full, I/O error, read-only or lock timeout, until a probe write succeeds.', registers: [registry] });
    this.writable.set(1);
  }

  /** Runs `fn`, recording instead of throwing whatever it throws (sync or async). */
  guard<A extends unknown[]>(component: string, fn: (...args: A) => unknown): (...args: A) => void {
    return (...args: A) => {
      try {
        const r = fn(...args);
        if (r instanceof Promise) r.catch((e) => this.record(component, e));
      } catch (e) {
        this.record(component, e);
      }
    };
  }

  record(component: string, e: unknown): void {
    // Background work still in flight when the process stops fails on the closed database: expected, not a fault.
    if (this.stopping) return;
    this.errors.inc({ component });
    this.log.error('internal error', { component, error: (e as Error)?.message ?? String(e) });
    if (isStorageError(e)) this.storageFailed();
  }

  /** A write failed for storage reasons: report it and probe until writes work again. */
  storageFailed(): void {
    if (!this.storageWritable) return;
    this.storageWritable = false;
    this.writable.set(0);
    this.log.error('storage not writable: polling and /metrics go on, writes are refused until it recovers');
    this.probe = setInterval(() => void this.tryProbe(), this.probeMs);
    this.probe.unref();
  }

  /** A write succeeded somewhere: storage is back. */
  storageOk(): void {
    if (this.storageWritable) return;
    this.storageWritable = true;
    this.writable.set(1);
    if (this.probe) clearInterval(this.probe);
    this.probe = null;
    this.log.info('storage writable again');
  }

  private async tryProbe(): Promise<void> {
    try {
      const at = Date.now();
      await this.db.insert(storageProbe).values({ id: 1, at }).onConflictDoUpdate({ target: storageProbe.id, set: { at } });
      this.storageOk();
    } catch {
      /* still not writable */
    }
  }

  private stopping = false;

  close(): void {
    this.stopping = true;
    if (this.probe) clearInterval(this.probe);
  }
}
