/**
 * One queue for the poller's CPU-heavy steps (decoding SNMP answers, parsing and rendering a device's poll): they
 * run a budget at a time, and between budgets the event loop turns (timers, HTTP, the trap socket). Without it,
 * 64 answers landing together were decoded, parsed and rendered in one turn, holding the loop 100-300 ms.
 */

/** Longest stretch of queued work in one turn of the event loop. */
const BUDGET_MS = 8;

const queue: (() => void)[] = [];
let scheduled = false;

async function drain(): Promise<void> {
  scheduled = false;
  const end = performance.now() + BUDGET_MS;
  // Awaiting between jobs lets the work a job set off (promise continuations) run inside the budget too.
  while (queue.length && performance.now() < end) {
    queue.shift()!();
    await null;
  }
  if (queue.length) schedule();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  // From inside a check phase this lands in the next turn, after timers and I/O.
  setImmediate(() => void drain());
}

/** Queues `fn`; the answer (or the error it throws) comes when its turn in the budget comes. */
export function paced<T>(fn: () => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    queue.push(() => {
      try {
        resolve(fn());
      } catch (e) {
        reject(e);
      }
    });
    schedule();
  });
}

/** Queues a callback whose errors are its own business (an event listener): a throw stays an uncaught error. */
export function pacedCall(fn: () => void): void {
  queue.push(() => {
    try {
      fn();
    } catch (e) {
      process.nextTick(() => {
        throw e;
      });
    }
  });
  schedule();
}

/**
 * Runs a long computation written as a generator (it yields between pieces of work) through the same queue, a
 * budget at a time: a report over 5,000 devices no longer holds the event loop for the whole of it.
 */
export async function sliced<T>(steps: Generator<unknown, T>): Promise<T> {
  for (;;) {
    const step = await paced(() => {
      const end = performance.now() + BUDGET_MS;
      let s = steps.next();
      while (!s.done && performance.now() < end) s = steps.next();
      return s;
    });
    if (step.done) return step.value;
  }
}

/** The same computation run to its end at once (where an answer is needed now). */
export function finish<T>(steps: Generator<unknown, T>): T {
  for (;;) {
    const s = steps.next();
    if (s.done) return s.value;
  }
}
