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
