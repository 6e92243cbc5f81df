import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { buildSync } from 'esbuild';
import { createInterface } from 'node:readline';
import { freeTcpPort } from '../test/lab/ports';
import { processCpuSeconds, processPeakRssMb, unchangedShare } from './measure';
import { NODE_FLAGS } from '../src/node-flags';

/** One poll cycle of the real process, read from its log line, /proc and the /metrics scrapes after it. */
export interface ProcessCycle {
  cycle: number;
  /** A catch-up cycle: the devices the start-up poll reached before the first tick, polled again once it ended. */
  catchUp: boolean;
  ok: number;
  failed: number;
  /** Devices the cycle left out (backed off), from the log line; not skipped ticks. */
  skippedDevices: number;
  /** duration_s of the "poll cycle" log line. */
  wallSeconds: number;
  /** yunet's utime + stime from /proc/PID/stat, from the end of the previous cycle's scrapes to this cycle's log line. */
  cpuSeconds: number;
  /** The answering snmpd's utime + stime over the same interval. */
  snmpdCpuSeconds: number;
  /** yunet_snmp_varbinds_total difference between the scrapes after this cycle and after the previous one. */
  varbinds: number;
  /** Of the device families the cycle rendered, the share unchanged since the poll before (not compressed again). */
  familiesUnchanged: number;
  /** yunet_event_loop_block_max_seconds of the first scrape after the cycle (the longest block since the previous scrape), ms. */
  cycleBlockMs: number;
  /** The first whole-fleet /metrics after the cycle, timed by curl, and the longest block during it (read by the next scrape). */
  metricsSeconds: number;
  metricsBytes: number;
  /** The same /metrics as sent: gzip. */
  metricsWireBytes: number;
  metricsBlockMs: number;
  /** VmHWM after the cycle, MB. */
  peakRssMb: number;
  /** The interval the CPU figures were read over, in µs of the monotonic clock (the one V8's CPU profiles use). */
  cpuFromUs: number;
  cpuToUs: number;
}

export interface ProcessRun {
  devices: number;
  schedule: string;
  cycles: ProcessCycle[];
  /** Scheduler lines "tick skipped", all of them (none expected: the first tick during the start-up poll catches up). */
  ticksSkipped: number;
  /** Repeated whole-fleet /metrics after the last cycle. */
  repeats: { seconds: number; blockMs: number }[];
  peakRssMb: number;
  /** The V8 CPU profile of the process (main thread), when asked for with `profileDir`. */
  profile: string | null;
}

export interface ProcessSpec {
  bundle: string;
  devices: Record<string, unknown>[];
  concurrency: number;
  scheduleSeconds: number;
  cycles: number;
  snmpdPid: number;
  /** Runs the process under V8's CPU profiler (1 ms samples), writing the profile into this directory. */
  profileDir?: string;
}

const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

/** A catch-up cycle from its log line: only its wall and devices are read (it runs right after the start-up poll). */
function catchUpCycle(m: RegExpExecArray): ProcessCycle {
  const unmeasured = { cpuSeconds: NaN, snmpdCpuSeconds: NaN, varbinds: NaN, familiesUnchanged: NaN, cycleBlockMs: NaN, metricsSeconds: NaN, metricsBytes: NaN, metricsWireBytes: NaN, metricsBlockMs: NaN, peakRssMb: NaN, cpuFromUs: NaN, cpuToUs: NaN };
  return { cycle: Number(m[1]), catchUp: true, ok: Number(m[2]), failed: Number(m[3]), skippedDevices: Number(m[4]), wallSeconds: Number(m[5]), ...unmeasured };
}

/** Extra Node flags for the measured process, e.g. BENCH_NODE_FLAGS="--cpu-prof --cpu-prof-dir=DIR" to profile it. */
export const nodeFlags = () => (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);

const CYCLE_LINE = /poll cycle cycle=(\d+) ok=(\d+) failed=(\d+) skipped=(\d+) duration_s=([\d.]+)( partial=catch-up)?/;
/** yunet's lines when a tick comes during the start-up poll, and when that tick finds nothing to catch up. */
const TICK_DURING_START_UP = 'tick came during the start-up poll';
const NOTHING_TO_CATCH_UP = /nothing to catch up/;

/** Builds the esbuild bundle `npm start` runs into `dir` (inside the checkout, so its packages resolve). */
export function buildBundle(root: string, dir: string): string {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, env: { ...process.env, YUNET_BUILD_DIR: dir }, stdio: 'inherit' });
  return join(root, dir, 'yunet.mjs');
}

/**
 * Bundles a benchmark program the way `npm run build` bundles yunet (esbuild, node, ESM, packages external) into the
 * same `dir`, so that it runs the code users run, and finds the database migrations the same way.
 */
export function buildBenchEntry(root: string, dir: string, entry: string): string {
  const outfile = join(root, dir, basename(entry).replace(/\.ts$/, '.mjs'));
  buildSync({ entryPoints: [join(root, entry)], bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'warning', outfile });
  return outfile;
}

/** Where the process' memory is, as its own metrics say (printed beside each cycle). */
const MEMORY = ['process_resident_memory_bytes', 'nodejs_heap_size_used_bytes', 'nodejs_heap_size_total_bytes', 'nodejs_external_memory_bytes'];

/**
 * curl a URL to a file, asking for gzip as Prometheus does: seconds to the last byte (inflating it is the
 * client's work, done after the clock stops), text bytes, bytes on the wire, and the values of the named yunet
 * self-metrics in the body.
 */
function scrape(url: string, file: string, names: string[]): { seconds: number; bytes: number; wireBytes: number; values: Record<string, number> } {
  const out = execFileSync('curl', ['-s', '-H', 'Accept-Encoding: gzip', '-o', file, '-w', '%{time_total} %{http_code} %{size_download}', url], { encoding: 'utf8' });
  const [t, code, wire] = out.trim().split(' ');
  if (code !== '200') throw new Error(`${url} answered ${code}`);
  const text = `${file}.txt`;
  execFileSync('sh', ['-c', `gzip -dc < ${file} > ${text}`]);
  const values: Record<string, number> = {};
  const pattern = `^(${names.join('|')})[ {]`;
  const lines = execFileSync('sh', ['-c', `grep -E '${pattern}' ${text} || true`], { encoding: 'utf8', maxBuffer: 1 << 20 });
  for (const line of lines.split('\n')) {
    const [name, value] = line.split(' ');
    if (name) values[name] = Number(value);
  }
  const bytes = statSync(text).size;
  rmSync(file, { force: true });
  rmSync(text, { force: true });
  return { seconds: Number(t), bytes, wireBytes: Number(wire), values };
}

const BLOCK = 'yunet_event_loop_block_max_seconds';
const VARBINDS = 'yunet_snmp_varbinds_total';
const FAMILIES = 'yunet_series_families_rendered_total';
const UNCHANGED = `${FAMILIES}{result="unchanged"}`;
const COMPRESSED = `${FAMILIES}{result="compressed"}`;

/**
 * Runs the bundle as `npm start` does (node NODE_FLAGS yunet.mjs --config FILE) with traps on and a
 * cron schedule, and measures `cycles` cycles (the first is the start-up poll) from outside the process.
 */
export async function runYunetProcess(spec: ProcessSpec): Promise<ProcessRun> {
  const dir = mkdtempSync(join(tmpdir(), 'yunet-bench-proc-'));
  const httpPort = await freeTcpPort();
  const trapPort = await freeTcpPort();
  const s = spec.scheduleSeconds;
  const schedule = s >= 60 ? `0 */${s / 60} * * * *` : `*/${s} * * * * *`;
  const config = {
    http: { host: '127.0.0.1', port: httpPort },
    database: { path: join(dir, 'yunet.db') },
    traps: { enabled: true, address: '127.0.0.1', port: trapPort },
    polling: { schedule, concurrency: spec.concurrency, timeout_ms: 2000, retries: 1, max_repetitions: 25 },
    credentials: { public: { version: '2c', community: 'public' } },
    devices: spec.devices,
  };
  const configFile = join(dir, 'yunet.yml');
  writeFileSync(configFile, JSON.stringify(config, null, 1)); // JSON is YAML
  const profiling = spec.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${spec.profileDir}`, '--cpu-prof-interval=1000'] : [];
  const child = spawn(process.execPath, [...NODE_FLAGS, ...nodeFlags(), ...profiling, spec.bundle, '--config', configFile], {
    env: { ...process.env, YUNET_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid!;
  const waiting: ((m: RegExpExecArray) => void)[] = [];
  const pending: RegExpExecArray[] = [];
  let ticksSkipped = 0;
  let tickDuringStartUp = false;
  const tail: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      tail.push(line);
      if (tail.length > 20) tail.shift();
      if (line.includes('tick skipped')) ticksSkipped++;
      if (line.includes(TICK_DURING_START_UP)) tickDuringStartUp = true;
      const m = CYCLE_LINE.exec(line) ?? NOTHING_TO_CATCH_UP.exec(line);
      if (!m) return;
      const w = waiting.shift();
      if (w) w(m);
      else pending.push(m);
    });
  }
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const nextCycle = (timeoutMs: number) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const ready = pending.shift();
      if (ready) return resolve(ready);
      const timer = setTimeout(() => reject(new Error(`no poll cycle line within ${timeoutMs / 1000} s; last lines:\n${tail.join('\n')}`)), timeoutMs);
      waiting.push((m) => {
        clearTimeout(timer);
        resolve(m);
      });
      void exited.then((code) => reject(new Error(`yunet exited (${code}); last lines:\n${tail.join('\n')}`)));
    });

  let stopped: Promise<unknown> | null = null;
  const stop = () =>
    (stopped ??= (async () => {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    })());

  const url = `http://127.0.0.1:${httpPort}/metrics`;
  const body = join(dir, 'metrics.txt');
  const cycles: ProcessCycle[] = [];
  const repeats: { seconds: number; blockMs: number }[] = [];
  try {
    let cpuMark = processCpuSeconds(pid);
    let snmpdMark = processCpuSeconds(spec.snmpdPid);
    let markUs = monotonicUs();
    let varbindsMark = 0;
    let familiesMark = { unchanged: 0, compressed: 0 };
    for (let i = 0; i < spec.cycles; i++) {
      const m = await nextCycle((s * 2 + 180) * 1000);
      // A tick during the start-up poll polls, once it has ended, what it reached before the tick: that catch-up cycle
      // is listed with its wall and devices, counted in the start-up poll's CPU and varbinds, and the next cycle is
      // measured from after it.
      const caughtUp = i === 0 && tickDuringStartUp ? await nextCycle((s * 2 + 180) * 1000) : null;
      const cpu = processCpuSeconds(pid) - cpuMark;
      const snmpdCpu = processCpuSeconds(spec.snmpdPid) - snmpdMark;
      const cpuInterval = { cpuFromUs: markUs, cpuToUs: monotonicUs() };
      const first = scrape(url, body, [BLOCK, VARBINDS, FAMILIES, ...MEMORY]);
      const families = { unchanged: first.values[UNCHANGED], compressed: first.values[COMPRESSED] };
      const second = scrape(url, body, [BLOCK]);
      const c: ProcessCycle = {
        cycle: Number(m[1]),
        catchUp: false,
        ok: Number(m[2]),
        failed: Number(m[3]),
        skippedDevices: Number(m[4]),
        wallSeconds: Number(m[5]),
        cpuSeconds: cpu,
        snmpdCpuSeconds: snmpdCpu,
        varbinds: first.values[VARBINDS] - varbindsMark,
        familiesUnchanged: unchangedShare(familiesMark, families),
        cycleBlockMs: first.values[BLOCK] * 1000,
        metricsSeconds: first.seconds,
        metricsBytes: first.bytes,
        metricsWireBytes: first.wireBytes,
        metricsBlockMs: second.values[BLOCK] * 1000,
        peakRssMb: processPeakRssMb(pid),
        ...cpuInterval,
      };
      varbindsMark = first.values[VARBINDS];
      familiesMark = families;
      cycles.push(c);
      if (caughtUp?.[6]) cycles.push(catchUpCycle(caughtUp));
      console.log(
        `  ${spec.devices.length} devices, cycle ${c.cycle}: ${c.wallSeconds.toFixed(2)} s wall, ${c.cpuSeconds.toFixed(2)} s CPU (snmpd ${c.snmpdCpuSeconds.toFixed(2)} s), ` +
          `${c.varbinds} varbinds, ${(c.familiesUnchanged * 100).toFixed(0)} % of families unchanged, ${c.ok} ok / ${c.failed} failed, loop block ${c.cycleBlockMs.toFixed(0)} ms; /metrics ${c.metricsSeconds.toFixed(3)} s ` +
          `${(c.metricsBytes / 1e6).toFixed(1)} MB (${(c.metricsWireBytes / 1e6).toFixed(1)} MB gzip) block ${c.metricsBlockMs.toFixed(0)} ms; VmHWM ${c.peakRssMb.toFixed(0)} MB; ` +
          `at the scrape ${MEMORY.map((n) => `${n.replace(/^(nodejs|process)_/, '')} ${(first.values[n] / 1e6).toFixed(0)} MB`).join(', ')}`,
      );
      if (caughtUp?.[6]) console.log(`  ${spec.devices.length} devices, cycle ${caughtUp[1]} (catch-up): ${caughtUp[5]} s wall, ${caughtUp[2]} ok / ${caughtUp[3]} failed`);
      cpuMark = processCpuSeconds(pid);
      snmpdMark = processCpuSeconds(spec.snmpdPid);
      markUs = monotonicUs();
    }
    // Repeated scrapes: each one's block is read by the one after it.
    let prev = scrape(url, body, [BLOCK]);
    for (let i = 0; i < 2; i++) {
      const next = scrape(url, body, [BLOCK]);
      repeats.push({ seconds: prev.seconds, blockMs: next.values[BLOCK] * 1000 });
      prev = next;
    }
    const peakRssMb = processPeakRssMb(pid);
    // yunet exits on SIGTERM, and node writes the profile as it exits.
    await stop();
    const profile = spec.profileDir ? (readdirSync(spec.profileDir).find((f) => f.endsWith('.cpuprofile') && f.includes(`.${pid}.`)) ?? null) : null;
    if (spec.profileDir && !profile) throw new Error(`no CPU profile of process ${pid} in ${spec.profileDir}`);
    return { devices: spec.devices.length, schedule, cycles, ticksSkipped, repeats, peakRssMb, profile: profile && join(spec.profileDir!, profile) };
  } finally {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
