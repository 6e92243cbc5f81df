import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

/** CPU seconds (user + system) this process spent while `fn` ran, and its wall time. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ result: T; wallSeconds: number; cpuSeconds: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await fn();
  const wallSeconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { result, wallSeconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

/** The longest event-loop block while `fn` ran (10 ms histogram resolution), in milliseconds. */
export async function loopBlock<T>(fn: () => Promise<T>): Promise<{ result: T; maxBlockMs: number }> {
  const h: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  try {
    const result = await fn();
    return { result, maxBlockMs: h.max / 1e6 };
  } finally {
    h.disable();
  }
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** CPU seconds (user + system) another process has used, from /proc/PID/stat. */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

/** Peak resident set size of another process (VmHWM), in MB. */
export function processPeakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Runs `jobs` with at most `parallel` in flight. */
export async function pool<T>(items: T[], parallel: number, job: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: Math.min(parallel, queue.length) }, async () => {
    for (let x = queue.shift(); x !== undefined; x = queue.shift()) await job(x);
  }));
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Of the families rendered between two readings of the segment counts, the share kept unchanged. */
export function unchangedShare(before: { unchanged: number; compressed: number }, after: { unchanged: number; compressed: number }): number {
  const unchanged = after.unchanged - before.unchanged;
  return unchanged / (unchanged + after.compressed - before.compressed);
}
