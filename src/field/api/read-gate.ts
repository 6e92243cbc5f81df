/** Thrown when every reading slot and every waiting place is taken. */
export class GateFullError extends Error {}

/**
 * At most `concurrent` tasks at once and `queued` more waiting their turn, first come first served;
 * past that a task is refused at once. Reading one hostile spreadsheet takes up to ~100 MB while it is
 * counted: the gate keeps a crowd of them from adding up.
 */
export class ReadGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly concurrent: number,
    private readonly queued: number,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrent) {
      if (this.waiting.length >= this.queued) throw new GateFullError(`imports are busy (${this.running} being read, ${this.waiting.length} waiting); try again in a moment`);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else this.running++;
    try {
      return await task();
    } finally {
      // The slot passes straight to the next in line, or is freed.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
