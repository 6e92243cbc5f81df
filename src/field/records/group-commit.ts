import { isConflict, type Db } from '../../../db/index';

interface Job {
  fn: (tx: Db) => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit for API writes: writes that arrive in the same event-loop turn run one after another in
 * one transaction, each inside its own savepoint (a transaction's nested `transaction`), so a rejected
 * write rolls back alone while the others share one COMMIT. Callers hear back only after the commit.
 * Under bursts this turns hundreds of commits (and their fsyncs) into a few.
 */
export class GroupCommit {
  private queue: Job[] = [];
  private scheduled = false;
  constructor(private readonly db: Db) {}

  /** Runs `fn` with its savepoint's transaction, which it must use for every statement. */
  run<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    this.scheduled = false;
    let outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      // PostgreSQL may run the body again (a conflict with a concurrent transaction): each run starts afresh.
      await this.db.transaction(async (tx) => {
        outcomes = [];
        for (const job of batch) {
          try {
            outcomes.push({ ok: true, value: await tx.transaction((sp) => job.fn(sp)) });
          } catch (error) {
            if (isConflict(error)) throw error; // the whole transaction is void: the batch runs again
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      for (const job of batch) job.reject(error);
      return;
    }
    batch.forEach((job, i) => {
      const o = outcomes[i];
      if (o.ok) job.resolve(o.value);
      else job.reject(o.error);
    });
  }
}

const instances = new WeakMap<Db, GroupCommit>();
export function groupCommit(db: Db): GroupCommit {
  let g = instances.get(db);
  if (!g) instances.set(db, (g = new GroupCommit(db)));
  return g;
}
