/**
 * Poll benchmark (npm run bench:poll): a fleet of ≥1,000 devices — one net-snmp snmpd in a network
 * namespace with 48 interfaces, listening on 250 ports, each port polled as several devices — polled
 * by yunet, then scraped by Debian's prometheus-snmp-exporter for the same ifTable + ifXTable work.
 * Writes bench/RESULTS.md. Needs root (namespaces), snmpd, snmpbulkwalk, prometheus-snmp-exporter, curl.
 *
 *   BENCH_DEVICES=1000 BENCH_PORTS=250 BENCH_CYCLES=3 [BENCH_ONLY=default|same|exporter] npm run bench:poll
 */
import { spawn } from 'node:child_process';
import { writeHeapSnapshot } from 'node:v8';
import { existsSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanupLab, createRouter, snmpBulkWalk, startLabYunet, startSnmpd, tryRun, v2c } from '../test/lab/index';
import { openDatabase } from '../db/index';
import { configSchema } from '../src/config/schema';
import { syncConfig } from '../src/inventory/sync';
import { Fleet } from '../src/poll/fleet';
import { seriesRenderer } from '../src/metrics/series';
import { createLogger } from '../src/log';
import { system } from '../collectors/system';
import { interfaces } from '../collectors/interfaces';
import { collectors, metricDefs } from '../collectors/registry';
import { deviceChunks } from '../src/metrics/exposition';
import { deviceSelfMetrics } from '../src/poll/self-metrics';
import { loopBlock, median, peakRssMb, timed } from './measure';
import { startSnmpExporter, type ExporterRound } from './snmp-exporter';

const here = dirname(fileURLToPath(import.meta.url));
const DEVICES = Number(process.env.BENCH_DEVICES ?? 1000);
const PORTS = Number(process.env.BENCH_PORTS ?? 250);
const CYCLES = Math.max(2, Number(process.env.BENCH_CYCLES ?? 3));
const PREFIX = 'yn-bench';
const AGENT = '198.19.65.2';
const FIRST_PORT = 20000;
const EXPORTER_PARALLEL = 16;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);

const log = createLogger('warn');
const fmt = (n: number, digits = 2) => n.toFixed(digits);

function fleetConfig(concurrency = CONCURRENCY) {
  return {
    polling: { concurrency, timeout_ms: 2000, retries: 1, max_repetitions: 25 },
    credentials: { public: { version: '2c', community: 'public' } },
    devices: Array.from({ length: DEVICES }, (_, i) => ({
      name: `bench-${String(i).padStart(4, '0')}`,
      address: AGENT,
      port: FIRST_PORT + (i % PORTS),
      credential: 'public',
    })),
  };
}

/** Fetches a URL with curl in a child process, so the timing is the server's and our loop stays free. */
function curlTime(url: string): Promise<{ seconds: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const c = spawn('curl', ['-s', '-o', '/dev/null', '-w', '%{time_total} %{size_download} %{http_code}', url]);
    let out = '';
    c.stdout.on('data', (b: Buffer) => (out += b.toString()));
    c.on('error', reject);
    c.on('exit', () => {
      const [t, size, code] = out.trim().split(' ');
      if (code !== '200') reject(new Error(`${url} answered ${code}`));
      else resolve({ seconds: Number(t), bytes: Number(size) });
    });
  });
}

/** With BENCH_VERBOSE and --expose-gc: the live heap after a full GC, in MB (diagnostics only). */
function gcNow(): string {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return '';
  gc();
  return `live heap ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MB `;
}

interface CycleRun {
  wallSeconds: number;
  cpuSeconds: number;
  varbinds: number;
  ok: number;
  failed: number;
  maxBlockMs: number;
}

async function cycles(run: () => Promise<{ ok: number; failed: number }>, totals: () => number, n: number): Promise<CycleRun[]> {
  const out: CycleRun[] = [];
  for (let i = 0; i < n; i++) {
    const v0 = totals();
    const { result, maxBlockMs } = await loopBlock(() => timed(run));
    out.push({ wallSeconds: result.wallSeconds, cpuSeconds: result.cpuSeconds, varbinds: totals() - v0, ok: result.result.ok, failed: result.result.failed, maxBlockMs });
    console.log(`  cycle ${i + 1}: ${fmt(result.wallSeconds)} s wall, ${fmt(result.cpuSeconds)} s CPU, ${totals() - v0} varbinds, ${result.result.ok} ok / ${result.result.failed} failed, loop block ${fmt(maxBlockMs, 0)} ms, RSS ${fmt(process.memoryUsage().rss / 2 ** 20, 0)} MB${process.env.BENCH_VERBOSE ? ' ' + gcNow() + JSON.stringify(Object.fromEntries(Object.entries(process.memoryUsage()).map(([k, v]) => [k, Math.round(v / 2 ** 20)]))) : ''}`);
  }
  return out;
}

/** Exposition lines in one device family's rendered bytes. */
function lines(buf: Buffer): number {
  let n = 0;
  for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) n++;
  return n;
}

/** yunet as shipped: every default collector, through the composition root, plus /metrics. */
async function benchYunetDefault(concurrency = CONCURRENCY) {
  const lab = await startLabYunet(fleetConfig(concurrency), { listen: true });
  try {
    const fleet = lab.yunet.ctx.fleet;
    console.log(`yunet, default collectors (${collectors.map((c) => c.name).join(', ')}), concurrency ${concurrency}:`);
    const runs = await cycles(() => lab.yunet.runCycle(), () => fleet.totals.varbinds, CYCLES);
    if (process.env.BENCH_HEAP_SNAPSHOT) console.log(`  heap snapshot: ${writeHeapSnapshot(process.env.BENCH_HEAP_SNAPSHOT)}`);
    // The first scrape after a cycle is the one Prometheus makes every interval; repeats show caching.
    const renders: { seconds: number; bytes: number; maxBlockMs: number }[] = [];
    for (let i = 0; i < 3; i++) {
      const { result, maxBlockMs } = await loopBlock(() => curlTime(`http://127.0.0.1:${lab.yunet.port}/metrics`));
      renders.push({ ...result, maxBlockMs });
      console.log(`  /metrics: ${fmt(result.seconds, 3)} s, ${(result.bytes / 1e6).toFixed(1)} MB, loop block ${fmt(maxBlockMs, 0)} ms`);
    }
    const series = fleet.list().reduce((n, d) => n + [...d.state.series.values()].reduce((m, f) => m + lines(f), 0), 0);
    return { runs, renders, series, rssMb: peakRssMb() };
  } finally {
    await lab.close();
  }
}

/**
 * The device part of /metrics on its own (src/metrics/exposition.ts chunks, no HTTP, no prom-client head):
 * total time and the longest single chunk, which is what blocks the event loop between yields.
 */
function renderDeviceSeries(fleet: Fleet): { seconds: number; longestChunkMs: number; bytes: number } {
  const defs = metricDefs();
  for (const d of deviceSelfMetrics) defs.set(d.name, d);
  const series = fleet.list().map((d) => d.state.series);
  let longest = 0;
  let bytes = 0;
  const t0 = performance.now();
  const chunks = deviceChunks(defs, series);
  for (;;) {
    const c0 = performance.now();
    const next = chunks.next();
    longest = Math.max(longest, performance.now() - c0);
    if (next.done) break;
    bytes += next.value.length;
  }
  const r = { seconds: (performance.now() - t0) / 1000, longestChunkMs: longest, bytes };
  console.log(`  device series render: ${fmt(r.seconds, 3)} s, ${(bytes / 1e6).toFixed(1)} MB, longest chunk ${fmt(longest, 1)} ms`);
  return r;
}

/** The same work snmp_exporter's if_mib does: system (sysUpTime) + interfaces collectors only. */
async function benchYunetSameWork() {
  const dir = mkdtempSync(join(tmpdir(), 'yunet-bench-'));
  const config = configSchema.parse({ ...fleetConfig(), database: { path: join(dir, 'yunet.db') } });
  const database = openDatabase(config.database.path);
  syncConfig(database.db, config);
  const fleet = new Fleet(database.db, config.polling, log, seriesRenderer, [system, interfaces]);
  try {
    console.log('yunet, system + interfaces collectors (the if_mib work):');
    const runs = await cycles(() => fleet.runCycle(), () => fleet.totals.varbinds, CYCLES);
    if (process.env.BENCH_HEAP_SNAPSHOT) console.log(`  heap snapshot: ${writeHeapSnapshot(process.env.BENCH_HEAP_SNAPSHOT)}`);
    return { runs, render: renderDeviceSeries(fleet) };
  } finally {
    fleet.close();
    database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchSnmpExporter(): Promise<{ warm: ExporterRound; rounds: ExporterRound[] }> {
  const exporter = await startSnmpExporter(join(here, 'snmp_exporter-if_mib.yml'));
  try {
    const targets = fleetConfig().devices.map((d) => `${d.address}:${d.port}`);
    console.log(`snmp_exporter if_mib, ${EXPORTER_PARALLEL} scrapes in parallel:`);
    const warm = await exporter.round(targets.slice(0, 50), EXPORTER_PARALLEL);
    const rounds: ExporterRound[] = [];
    for (let i = 0; i < 2; i++) {
      const r = await exporter.round(targets, EXPORTER_PARALLEL);
      rounds.push(r);
      console.log(`  round ${i + 1}: ${fmt(r.wallSeconds)} s wall, ${fmt(r.cpuSeconds)} s CPU, ${r.varbinds} PDUs, ${r.failed} failed`);
    }
    return { warm, rounds };
  } finally {
    await exporter.stop();
  }
}

/** Replaces this benchmark's "# Poll benchmark" section of RESULTS.md, keeping other benchmarks' sections. */
function writeSection(file: string, section: string): void {
  const old = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const start = old.indexOf('# Poll benchmark\n');
  if (start === -1) {
    writeFileSync(file, section + (old ? '\n' + old : ''));
    return;
  }
  const next = old.slice(start + 1).search(/^# /m);
  const end = next === -1 ? old.length : start + 1 + next;
  writeFileSync(file, old.slice(0, start) + section + (end < old.length ? '\n' + old.slice(end) : ''));
}

function machine(): string {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  return `${cpus().length} CPUs (nproc), ${model}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const RESULT = 'BENCH_PHASE_RESULT ';

/** Runs one yunet phase in a child process (same loader), forwarding its progress lines. */
function inChild<T>(phase: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
      env: { ...process.env, BENCH_PHASE: phase },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      let nl: number;
      while ((nl = out.indexOf('\n')) !== -1) {
        const line = out.slice(0, nl);
        out = out.slice(nl + 1);
        if (line.startsWith(RESULT)) resolve(JSON.parse(line.slice(RESULT.length)) as T);
        else console.log(line);
      }
    });
    child.on('exit', (code) => (code === 0 ? undefined : reject(new Error(`bench phase ${phase} exited with ${code}`))));
  });
}

/** Child side: the lab is up; run one phase and print its result as one JSON line. */
async function phase(name: string): Promise<void> {
  const baselineRssMb = process.memoryUsage().rss / 2 ** 20;
  const result =
    name === 'same' ? await benchYunetSameWork() : name === 'default16' ? await benchYunetDefault(16) : await benchYunetDefault();
  console.log(RESULT + JSON.stringify({ ...result, rssMb: peakRssMb(), baselineRssMb }));
}

async function main() {
  // Not test/support/requirements: it loads vitest, whose memory would count in this process' RSS.
  const lacks = ['ip', 'snmpd', 'snmpbulkwalk', 'prometheus-snmp-exporter', 'curl'].filter((c) => !tryRun('sh', ['-c', `command -v ${c}`]).ok);
  if (process.getuid?.() !== 0) lacks.unshift('root (network namespaces)');
  if (lacks.length) throw new Error(`bench:poll needs ${lacks.join(', ')}`);
  await cleanupLab(PREFIX);
  const dir = mkdtempSync(join(tmpdir(), 'yunet-bench-lab-'));
  try {
    // 23 veth pairs + lo + eth0 = 48 interfaces; they exist before snmpd starts (it caches ifTable).
    const router = createRouter({ prefix: PREFIX, name: 'fleet', ipv4: { root: '198.19.65.1', ns: AGENT, prefixLength: 30 }, vethPairs: 23 });
    const endpoints = Array.from({ length: PORTS }, (_, i) => `udp:${AGENT}:${FIRST_PORT + i}`);
    const snmpd = await startSnmpd({ ns: router.ns, name: 'fleet', dir, config: 'rocommunity public 198.18.0.0/15\nsysName bench-fleet\n', endpoints });
    try {
      const ifCount = [...snmpBulkWalk(v2c(`udp:${AGENT}:${FIRST_PORT}`, 'public'), '1.3.6.1.2.1.2.2.1.2').keys()].length;
      console.log(`agent: snmpd in ${router.ns}, ${ifCount} interfaces, ${PORTS} ports; fleet: ${DEVICES} devices`);

      // BENCH_ONLY=default|same|exporter runs one phase here (for profiling) and writes no results.
      const only = process.env.BENCH_ONLY;
      if (only) {
        await ({ default: benchYunetDefault, same: benchYunetSameWork, exporter: benchSnmpExporter } as Record<string, () => Promise<unknown>>)[only]();
        return;
      }
      // Each yunet phase runs in a fresh process, so its peak RSS is yunet's own and not a leftover.
      const same = await inChild<Awaited<ReturnType<typeof benchYunetSameWork>> & { rssMb: number; baselineRssMb: number }>('same');
      const def = await inChild<DefaultRun & { baselineRssMb: number }>('default');
      const def16 = await inChild<DefaultRun & { baselineRssMb: number }>('default16');
      const exp = await benchSnmpExporter();
      const sameRssMb = same.rssMb;
      const baselineRssMb = def.baselineRssMb;
      writeResults({ ifCount, baselineRssMb, def, def16, same, sameRssMb, exp });
    } finally {
      await snmpd.stop();
    }
  } finally {
    await cleanupLab(PREFIX);
    rmSync(dir, { recursive: true, force: true });
  }
}

type DefaultRun = Awaited<ReturnType<typeof benchYunetDefault>>;

function writeResults(r: {
  ifCount: number;
  baselineRssMb: number;
  def: DefaultRun;
  def16: DefaultRun;
  same: Awaited<ReturnType<typeof benchYunetSameWork>>;
  sameRssMb: number;
  exp: { rounds: ExporterRound[] };
}) {
  // (DefaultRun rssMb is the phase process' peak, set by the child.)
  const warm = (runs: CycleRun[]) => runs.slice(1);
  const med = (runs: CycleRun[], k: 'wallSeconds' | 'cpuSeconds' | 'varbinds') => median(warm(runs).map((c) => c[k]));
  const block = (runs: CycleRun[]) => Math.max(...warm(runs).map((c) => c.maxBlockMs));
  const failed = (runs: CycleRun[]) => Math.max(...warm(runs).map((c) => c.failed));
  const expCpu = median(r.exp.rounds.map((x) => x.cpuSeconds));
  const expWall = median(r.exp.rounds.map((x) => x.wallSeconds));
  const expVb = median(r.exp.rounds.map((x) => x.varbinds));
  const sameCpu = med(r.same.runs, 'cpuSeconds');
  const ratio = sameCpu / expCpu;
  const pass = (ok: boolean) => (ok ? 'met' : '**missed**');
  const perDevMs = (cpu: number) => fmt((cpu / DEVICES) * 1000);
  const perVbUs = (cpu: number, vb: number) => (vb ? fmt((cpu / vb) * 1e6) : 'n/a');
  const first = r.def.renders[0];
  const repeat = median(r.def.renders.slice(1).map((x) => x.seconds));
  const cycleBlock = Math.max(block(r.def.runs), block(r.same.runs));
  const worstBlock = Math.max(cycleBlock, ...r.def.renders.map((x) => x.maxBlockMs));
  const col = (d: DefaultRun | null, runs: CycleRun[]) => ({
    wall: fmt(med(runs, 'wallSeconds')),
    cpu: fmt(med(runs, 'cpuSeconds')),
    dev: perDevMs(med(runs, 'cpuSeconds')),
    vb: String(med(runs, 'varbinds')),
    vbUs: perVbUs(med(runs, 'cpuSeconds'), med(runs, 'varbinds')),
    failed: String(failed(runs)),
    block: fmt(block(runs), 0),
    rss: d ? `${fmt(d.rssMb, 0)} MB` : `${fmt(r.sameRssMb, 0)} MB`,
  });
  const a = col(r.def, r.def.runs);
  const b = col(r.def16, r.def16.runs);
  const c = col(null, r.same.runs);

  const md = `# Poll benchmark

\`npm run bench:poll\` — ${machine()}.

Fleet: ${DEVICES} devices = one net-snmp snmpd in a network namespace with ${r.ifCount} interfaces
(23 veth pairs + lo + eth0), listening on ${PORTS} UDP ports; device *i* polls port 20000 + (i mod ${PORTS}).
yunet: timeout 2 s, 1 retry, max-repetitions 25; concurrency 64 (the value in the issue's example
configuration) unless noted. Figures are medians of the warm cycles (2..${CYCLES}; the first opens the
sessions and runs every collector). snmp_exporter: Debian's prometheus-snmp-exporter with
\`bench/snmp_exporter-if_mib.yml\` (ifTable + ifXTable walked whole, 16 metrics with an ifName lookup,
sysUpTime), ${EXPORTER_PARALLEL} scrapes in parallel, CPU from /proc/PID/stat, median of 2 full rounds after a warm-up.
The agent (snmpd) shares the 2 cores in every phase, and other work on this machine adds noise of ±30 %.
Each yunet phase runs in a fresh Node process (tsx, as \`npm start\` runs yunet); peak RSS is that process'
maxRSS. With yunet's modules loaded and before the first poll it was ${fmt(r.baselineRssMb, 0)} MB.

| | yunet, default collectors | same, concurrency 16 | yunet, system + interfaces | snmp_exporter if_mib |
|---|---|---|---|---|
| work per device | ${collectors.length} collectors (vendor ones skip a Linux agent; IP-MIB tables every 10th cycle) | same | sysUpTime + 21 ifTable/ifXTable columns | sysUpTime + whole ifTable + ifXTable |
| ${DEVICES}-device cycle / round, wall | ${a.wall} s | ${b.wall} s | ${c.wall} s | ${fmt(expWall)} s |
| CPU seconds per cycle | ${a.cpu} s | ${b.cpu} s | ${c.cpu} s | ${fmt(expCpu)} s |
| CPU per device | ${a.dev} ms | ${b.dev} ms | ${c.dev} ms | ${perDevMs(expCpu)} ms |
| varbinds per cycle | ${a.vb} | ${b.vb} | ${c.vb} | ${expVb} (PDUs returned) |
| CPU per varbind | ${a.vbUs} µs | ${b.vbUs} µs | ${c.vbUs} µs | ${perVbUs(expCpu, expVb)} µs |
| devices failed | ${a.failed} | ${b.failed} | ${c.failed} | ${Math.max(...r.exp.rounds.map((x) => x.failed))} |
| longest event-loop block in a cycle | ${a.block} ms | ${b.block} ms | ${c.block} ms | |
| peak RSS | ${a.rss} | ${b.rss} | ${c.rss} | ${fmt(Math.max(...r.exp.rounds.map((x) => x.peakRssMb)), 0)} MB |

Whole-fleet \`/metrics\` over HTTP (${r.def.series.toLocaleString('en')} device series, ${(first.bytes / 1e6).toFixed(1)} MB):
first scrape after a cycle ${fmt(first.seconds, 3)} s with the event loop blocked up to ${fmt(first.maxBlockMs, 0)} ms;
repeated scrapes ${fmt(repeat, 3)} s (longest block ${fmt(Math.max(...r.def.renders.slice(1).map((x) => x.maxBlockMs)), 0)} ms).
The device series alone (src/metrics chunks, no HTTP, no prom-client part) render in ${fmt(r.same.render.seconds, 3)} s
for ${(r.same.render.bytes / 1e6).toFixed(1)} MB, longest chunk ${fmt(r.same.render.longestChunkMs, 1)} ms.

## Targets (concurrency 64 unless noted)

| target | measured | |
|---|---|---|
| ${DEVICES}-device cycle ≤ 10 s wall | ${a.wall} s (concurrency 16: ${b.wall} s) | ${pass(med(r.def.runs, 'wallSeconds') <= 10)} |
| collector CPU ≤ 0.5× snmp_exporter's for the same work | ${fmt(ratio)}× per device (${c.cpu} s vs ${fmt(expCpu)} s); per varbind ${c.vbUs} vs ${perVbUs(expCpu, expVb)} µs | ${pass(ratio <= 0.5)} |
| peak RSS ≤ 300 MB | ${a.rss} | ${pass(r.def.rssMb <= 300)} |
| whole-fleet /metrics ≤ 0.5 s | first after a cycle ${fmt(first.seconds, 3)} s, repeated ${fmt(repeat, 3)} s | ${pass(first.seconds <= 0.5)} |
| no event-loop block over 50 ms | cycles ${fmt(cycleBlock, 0)} ms (concurrency 16: ${b.block} ms), /metrics ${fmt(first.maxBlockMs, 0)} ms | ${pass(worstBlock <= 50)} |

Per cycle (all runs; #1 is cold):

| run | wall s | CPU s | varbinds | ok | failed | loop block ms |
|---|---|---|---|---|---|---|
${[
  ...r.def.runs.map((x, i) => ['default', i, x] as const),
  ...r.def16.runs.map((x, i) => ['default, concurrency 16', i, x] as const),
  ...r.same.runs.map((x, i) => ['system+interfaces', i, x] as const),
]
  .map(([k, i, x]) => `| ${k} #${i + 1} | ${fmt(x.wallSeconds)} | ${fmt(x.cpuSeconds)} | ${x.varbinds} | ${x.ok} | ${x.failed} | ${fmt(x.maxBlockMs, 0)} |`)
  .join('\n')}
`;
  writeSection(join(here, 'RESULTS.md'), md);
  console.log(md);
}

(process.env.BENCH_PHASE ? phase(process.env.BENCH_PHASE) : main()).catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
