import type { Database } from 'better-sqlite3';

interface Job {
  fn: () => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit for API writes: writes that arrive in the same event-loop turn run in one
 * transaction, each inside its own savepoint (better-sqlite3 nests transactions that way), so a
 * rejected write rolls back alone while the others share one COMMIT. Callers hear back only after
 * the commit. Under bursts this turns hundreds of commits into a few.
 */
export class GroupCommit {
  private queue: Job[] = [];
  private scheduled = false;
  constructor(private readonly sqlite: Database) {}

  run<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const batch = this.queue;
    this.queue = [];
    this.scheduled = false;
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      this.sqlite.transaction(() => {
        for (const job of batch) {
          try {
            outcomes.push({ ok: true, value: this.sqlite.transaction(job.fn)() });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      })();
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

const instances = new WeakMap<Database, GroupCommit>();
export function groupCommit(sqlite: Database): GroupCommit {
  let g = instances.get(sqlite);
  if (!g) instances.set(sqlite, (g = new GroupCommit(sqlite)));
  return g;
}
