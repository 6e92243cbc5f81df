/**
 * Poll benchmark (npm run bench:poll). The lab: one net-snmp snmpd in a network namespace with 48 interfaces,
 * listening on 250 ports, each port polled as several devices.
 *  1. The real process: the esbuild bundle `npm start` runs, every feature on (traps, cron schedule), at
 *     250, 1,000, 2,500 and 5,000 devices, measured from outside (its log lines, /proc, its /metrics).
 *  2. Where the CPU goes: the 1,000-device process again, under V8's CPU profiler.
 *  3. Same work: yunet's system + interfaces collectors in a bare Fleet vs Debian's prometheus-snmp-exporter
 *     walking exactly the interfaces collector's columns plus sysUpTime, both at parallelism 16 and 64.
 * Writes the "Poll benchmark" section of bench/RESULTS.md and bench/scaling.svg.
 * Needs root (namespaces), snmpd, snmpbulkwalk, prometheus-snmp-exporter, curl.
 *
 *   BENCH_SCALES=250,1000,2500,5000 BENCH_CYCLES=3 BENCH_PORTS=250 BENCH_SAME_DEVICES=1000
 *   BENCH_SCHEDULE_S=<seconds, all sizes> BENCH_CONCURRENCY=64 npm run bench:poll
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { snmpBulkWalk, tryRun, v2c } from '../test/lab/index';
import { median } from './measure';
import { startSnmpExporter, type ExporterRound } from './snmp-exporter';
import { machine, writeSection } from './results';
import { buildBenchEntry, buildBundle, runYunetProcess, type ProcessRun } from './yunet-process';
import { RESULT, type SameRun } from './same-work';
import { CYCLES, POLL_LAB, fleetDevices } from './poll-fleet';
import { startFleetLab, type RunningLab } from './fleet-lab';
import { scalingSvg } from './scaling-svg';
import { cpuSplit, WHERE, type Where } from './cpu-split';
import { NODE_FLAGS } from '../src/node-flags';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const SCALES = (process.env.BENCH_SCALES ?? '250,1000,2500,5000').split(',').map(Number);
const SAME_DEVICES = Number(process.env.BENCH_SAME_DEVICES ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const fmt = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '—');

/** The cron interval per fleet size: 60 s at 5,000 (the target), shorter below so the run stays short. */
const scheduleSeconds = (devices: number) =>
  Number(process.env.BENCH_SCHEDULE_S ?? (devices >= 5000 ? 60 : devices >= 2500 ? 30 : devices >= 1000 ? 15 : 10));


/** Runs the bare-Fleet program (its bundle) in a fresh process with yunet's node flags, forwarding its progress lines. */
function sameWorkRun(bundle: string, concurrency: number): Promise<SameRun> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, BENCH_SAME_CONCURRENCY: String(concurrency), BENCH_SAME_DEVICES: String(SAME_DEVICES) };
    const child = spawn(process.execPath, [...NODE_FLAGS, bundle], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let result: SameRun | null = null;
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith(RESULT)) result = JSON.parse(line.slice(RESULT.length)) as SameRun;
      else console.log(line);
    });
    child.on('close', (code) => (result ? resolve(result) : reject(new Error(`bare Fleet at concurrency ${concurrency} exited with ${code} and no result`))));
  });
}

async function exporterRounds(parallel: number, exporter: Awaited<ReturnType<typeof startSnmpExporter>>): Promise<ExporterRound[]> {
  const targets = fleetDevices(SAME_DEVICES).map((d) => `${d.address}:${d.port}`);
  await exporter.round(targets.slice(0, 50), parallel);
  const rounds: ExporterRound[] = [];
  for (let i = 0; i < CYCLES - 1; i++) {
    const r = await exporter.round(targets, parallel);
    rounds.push(r);
    console.log(`  snmp_exporter same_oids, ${parallel} in parallel, round ${i + 1}: ${fmt(r.wallSeconds)} s wall, ${fmt(r.cpuSeconds)} s CPU, ${r.varbinds} varbinds, ${r.failed} failed`);
  }
  return rounds;
}

async function main() {
  // Not test/support/requirements: it loads vitest, whose memory would count in this process' RSS.
  const lacks = ['ip', 'snmpd', 'snmpbulkwalk', 'prometheus-snmp-exporter', 'curl'].filter((c) => !tryRun('sh', ['-c', `command -v ${c}`]).ok);
  if (process.getuid?.() !== 0) lacks.unshift('root (network namespaces)');
  if (lacks.length) throw new Error(`bench:poll needs ${lacks.join(', ')}`);
  const buildDir = `dist/bench-poll-${process.pid}`;
  const bundle = buildBundle(root, buildDir);
  let lab: RunningLab | undefined;
  try {
    lab = await startFleetLab(POLL_LAB);
    const ifCount = [...snmpBulkWalk(v2c(`udp:${POLL_LAB.agent}:${POLL_LAB.firstPort}`, 'public'), '1.3.6.1.2.1.2.2.1.2').keys()].length;
    console.log(`agent: snmpd in ${lab.ns}, ${ifCount} interfaces, ${POLL_LAB.ports} ports`);
    const scales: ProcessRun[] = [];
    for (const n of SCALES) {
      console.log(`yunet process (npm start bundle), ${n} devices, every ${scheduleSeconds(n)} s:`);
      scales.push(await runYunetProcess({ bundle, devices: fleetDevices(n), concurrency: CONCURRENCY, scheduleSeconds: scheduleSeconds(n), cycles: CYCLES, snmpdPid: lab.snmpd.pid }));
    }
    const PROFILED = 1000;
    console.log(`yunet process, ${PROFILED} devices, under V8's CPU profiler:`);
    const profileDir = mkdtempSync(join(tmpdir(), 'yunet-bench-profile-'));
    let profiled: ProcessRun;
    let split: Map<Where, number>;
    try {
      profiled = await runYunetProcess({ bundle, devices: fleetDevices(PROFILED), concurrency: CONCURRENCY, scheduleSeconds: scheduleSeconds(PROFILED), cycles: CYCLES, snmpdPid: lab.snmpd.pid, profileDir });
      split = cpuSplit(profiled.profile!, wholeCycles(profiled).map((c) => ({ fromUs: c.cpuFromUs, toUs: c.cpuToUs })));
    } finally {
      rmSync(profileDir, { recursive: true, force: true });
    }
    const sameWorkBundle = buildBenchEntry(root, buildDir, 'bench/same-work.ts');
    const same16 = await sameWorkRun(sameWorkBundle, 16);
    const same64 = await sameWorkRun(sameWorkBundle, 64);
    const exporter = await startSnmpExporter(join(here, 'snmp_exporter-same-oids.yml'), 'same_oids');
    let exp16: ExporterRound[], exp64: ExporterRound[];
    try {
      exp16 = await exporterRounds(16, exporter);
      exp64 = await exporterRounds(64, exporter);
    } finally {
      await exporter.stop();
    }
    report({ ifCount, scales, profiled, split, same16, same64, exp16, exp64 });
  } finally {
    await lab?.stop();
    rmSync(join(root, buildDir), { recursive: true, force: true });
  }
}

const pass = (ok: boolean) => (ok ? 'met' : '**missed**');
const caughtUp = (p: ProcessRun) => p.cycles.filter((c) => c.catchUp).reduce((n, c) => n + c.ok + c.failed, 0);

/** The whole cycles after the start-up poll (not the catch-up cycle): what the medians are of. */
const wholeCycles = (p: ProcessRun) => p.cycles.filter((c, i) => i > 0 && !c.catchUp);

/** Main-thread CPU per whole cycle by where it goes, beside the process' and snmpd's /proc CPU over the same cycles. */
function profileSection(p: ProcessRun, split: Map<Where, number>): string {
  const n = wholeCycles(p).length;
  const perCycle = (k: Where) => split.get(k)! / n;
  const sampled = [...split.values()].reduce((a, b) => a + b, 0) / n;
  const proc = median(wholeCycles(p).map((c) => c.cpuSeconds));
  const snmpd = median(wholeCycles(p).map((c) => c.snmpdCpuSeconds));
  const libraries = perCycle('snmp') + perCycle('io');
  const rows = (Object.keys(WHERE) as Where[]).sort((a, b) => perCycle(b) - perCycle(a));
  const devices = p.devices.toLocaleString('en-US');
  return `## Where the CPU goes (${devices} devices)

The ${devices}-device process run once more as above, under V8's CPU profiler (\`--cpu-prof\`, a sample of the main
thread every 1 ms), counting the samples inside each whole cycle's CPU interval (the interval of the table above), per
cycle over ${n} cycles. The profiler sees the main thread only; /proc's CPU of the same cycles also counts V8's
garbage-collection helper threads and libuv's pool. Profiling costs some CPU of its own.

| where | main-thread CPU per cycle | share |
|---|---|---|
${rows.map((k) => `| ${WHERE[k]} | ${fmt(perCycle(k))} s | ${fmt((perCycle(k) / sampled) * 100, 0)} % |`).join('\n')}
| main thread, sampled | ${fmt(sampled)} s | 100 % |
| the process, all threads (/proc, same cycles) | ${fmt(proc)} s | |
| the answering snmpd (/proc, same cycles) | ${fmt(snmpd)} s | |

SNMP encoding and decoding in net-snmp and asn1-ber with the UDP and Buffer work under them come to ${fmt(libraries)} s a
cycle, ${fmt(libraries / snmpd)}× the CPU snmpd spent answering; with the main thread's garbage collection (of their
garbage and yunet's) ${fmt(libraries + perCycle('gc'))} s, ${fmt((libraries + perCycle('gc')) / snmpd)}×. yunet's own code is ${fmt(perCycle('yunet'))} s.
`;
}

function report(r: { ifCount: number; scales: ProcessRun[]; profiled: ProcessRun; split: Map<Where, number>; same16: SameRun; same64: SameRun; exp16: ExporterRound[]; exp64: ExporterRound[] }) {
  const m = (p: ProcessRun, f: (c: ProcessRun['cycles'][number]) => number) => median(wholeCycles(p).map(f));
  const maxOf = (p: ProcessRun, f: (c: ProcessRun['cycles'][number]) => number) => Math.max(...wholeCycles(p).map(f));
  const rows = r.scales.map((p) => ({
    p,
    wall: m(p, (c) => c.wallSeconds),
    cpu: m(p, (c) => c.cpuSeconds),
    snmpd: m(p, (c) => c.snmpdCpuSeconds),
    varbinds: m(p, (c) => c.varbinds),
    unchanged: m(p, (c) => c.familiesUnchanged),
    cycleBlock: maxOf(p, (c) => c.cycleBlockMs),
    metrics: m(p, (c) => c.metricsSeconds),
    metricsMb: m(p, (c) => c.metricsBytes) / 1e6,
    metricsWireMb: m(p, (c) => c.metricsWireBytes) / 1e6,
    metricsBlock: Math.max(maxOf(p, (c) => c.metricsBlockMs), ...p.repeats.map((x) => x.blockMs)),
    repeat: median(p.repeats.map((x) => x.seconds)),
    failed: maxOf(p, (c) => c.failed),
  }));
  const at = (n: number) => rows.find((x) => x.p.devices === n);
  const r1k = at(1000);
  const r5k = at(5000);
  const slopeKb = r1k && r5k ? ((r5k.p.peakRssMb - r1k.p.peakRssMb) * 1024) / (5000 - 1000) : NaN;

  const sameCol = (s: SameRun) => {
    const w = s.runs.slice(1);
    const cpu = median(w.map((c) => c.cpuSeconds));
    const vb = median(w.map((c) => c.varbinds));
    return { wall: median(w.map((c) => c.wallSeconds)), cpu, vb, unchanged: median(w.map((c) => c.familiesUnchanged)), failed: Math.max(...w.map((c) => c.failed)), block: Math.max(...w.map((c) => c.maxBlockMs)), rss: s.peakRssMb };
  };
  const expCol = (e: ExporterRound[]) => ({
    wall: median(e.map((x) => x.wallSeconds)),
    cpu: median(e.map((x) => x.cpuSeconds)),
    vb: median(e.map((x) => x.varbinds)),
    failed: Math.max(...e.map((x) => x.failed)),
    rss: Math.max(...e.map((x) => x.peakRssMb)),
  });
  const y16 = sameCol(r.same16);
  const y64 = sameCol(r.same64);
  const e16 = expCol(r.exp16);
  const e64 = expCol(r.exp64);
  const perDev = (cpu: number) => (cpu / SAME_DEVICES) * 1000;
  const perVb = (cpu: number, vb: number) => (vb ? (cpu / vb) * 1e6 : NaN);
  const ratioDev = (y: { cpu: number }, e: { cpu: number }) => y.cpu / e.cpu;
  const ratioVb = (y: { cpu: number; vb: number }, e: { cpu: number; vb: number }) => perVb(y.cpu, y.vb) / perVb(e.cpu, e.vb);
  const sameOk = [ratioDev(y16, e16), ratioDev(y64, e64), ratioVb(y16, e16), ratioVb(y64, e64)].every((x) => x <= 0.5);
  const perVbOk = [ratioVb(y16, e16), ratioVb(y64, e64)].every((x) => x <= 0.25);

  const svgPoints = rows.map((x) => ({ devices: x.p.devices, wallSeconds: x.wall, cpuSeconds: x.cpu, peakRssMb: x.p.peakRssMb, metricsSeconds: x.metrics }));
  writeFileSync(join(here, 'scaling.svg'), scalingSvg(svgPoints, `bench:poll, yunet process (npm start bundle), ${machine()}`));

  const targets: [string, string, boolean][] = [];
  targets.push([
    'collector CPU vs snmp_exporter, same OIDs, per device and per varbind, at 16 and 64 ≤ 0.5×',
    `16: ${fmt(ratioDev(y16, e16))}× per device, ${fmt(ratioVb(y16, e16))}× per varbind; 64: ${fmt(ratioDev(y64, e64))}× per device, ${fmt(ratioVb(y64, e64))}× per varbind`,
    sameOk,
  ]);
  targets.push([
    'collector CPU per varbind vs snmp_exporter, same OIDs, at 16 and 64 ≤ 0.25×',
    `16: ${fmt(ratioVb(y16, e16))}×; 64: ${fmt(ratioVb(y64, e64))}×`,
    perVbOk,
  ]);
  if (r1k) {
    targets.push(['yunet CPU per cycle vs the snmpd answering it (1,000 devices) ≤ 1.0×', `${fmt(r1k.cpu / r1k.snmpd)}× (${fmt(r1k.cpu)} s vs ${fmt(r1k.snmpd)} s)`, r1k.cpu / r1k.snmpd <= 1]);
    targets.push(['1,000 devices: warm cycle wall, every feature on ≤ 5 s', `${fmt(r1k.wall)} s`, r1k.wall <= 5]);
    targets.push(['1,000 devices: peak RSS (VmHWM) of the process ≤ 300 MB', `${fmt(r1k.p.peakRssMb, 0)} MB`, r1k.p.peakRssMb <= 300]);
    targets.push([
      `longest event-loop block, cycles and whole-fleet /metrics, concurrency ${CONCURRENCY} (1,000 devices) ≤ 50 ms`,
      `cycles ${fmt(r1k.cycleBlock, 0)} ms, /metrics ${fmt(r1k.metricsBlock, 0)} ms`,
      Math.max(r1k.cycleBlock, r1k.metricsBlock) <= 50,
    ]);
  }
  if (r5k) {
    const skipped = r5k.p.ticksSkipped;
    targets.push([
      `5,000 devices, ${r5k.p.schedule} schedule: cycle ≤ 30 s, peak RSS ≤ 1 GB, whole-fleet /metrics ≤ 2 s, no cycle skipped`,
      `cycle ${fmt(r5k.wall)} s, ${fmt(r5k.p.peakRssMb, 0)} MB, /metrics ${fmt(r5k.metrics, 3)} s, ${skipped} ticks skipped`,
      r5k.wall <= 30 && r5k.p.peakRssMb <= 1024 && r5k.metrics <= 2 && skipped === 0 && (r5k.p.schedule.startsWith('0 ')),
    ]);
  }
  if (Number.isFinite(slopeKb)) targets.push(['memory per added device (VmHWM slope, 1,000 → 5,000) ≤ 150 KB', `${fmt(slopeKb, 0)} KB`, slopeKb <= 150]);

  const body = `\`npm run bench:poll\` — ${machine()}.

**Noise:** other engineers were running their tests on the same 2 cores during this run, and the answering snmpd
shares those cores in every phase; single figures can move by ±30 %. The machine was not quietened.

Fleet: one net-snmp snmpd in a network namespace with ${r.ifCount} interfaces (23 veth pairs + lo + eth0), listening on
${POLL_LAB.ports} UDP ports; device *i* polls port ${POLL_LAB.firstPort} + (i mod ${POLL_LAB.ports}). yunet: timeout 2 s, 1 retry, max-repetitions 25,
concurrency ${CONCURRENCY}, default collectors.

## The real process (what \`npm start\` runs)

The esbuild bundle (\`npm run build\`) run as \`node ${NODE_FLAGS.join(' ')} yunet.mjs --config FILE\`, traps on, cron
schedule (below), every default feature. Measured from outside: wall from its "poll cycle … duration_s" log line; CPU =
utime + stime from /proc/PID/stat between the end of the previous cycle's scrapes and this cycle's log line (so it
includes what runs between cycles, not the benchmark's scrapes); snmpd CPU from its /proc/PID/stat over the same interval;
varbinds from \`yunet_snmp_varbinds_total\` (varbinds received); peak RSS = VmHWM from /proc/PID/status; loop blocks from
its \`yunet_event_loop_block_max_seconds\` (longest block since the previous scrape), scraped right after each cycle line
(the block during the cycle) and again right after (the block during the first whole-fleet /metrics). /metrics wall is
curl's time_total to the last byte, asking for gzip as Prometheus does (inflated after the clock stops; the size
column gives the text and what was sent). Families unchanged: the share of device families whose text was the same
as the device's poll before, so yunet kept their compressed bytes (\`yunet_series_families_rendered_total\`); the
lab's interfaces carry almost no traffic, so this is higher than on a busy network, where octet and packet counters
change every poll. Figures are medians of the ${CYCLES - 1} whole cycles after the start-up poll; blocks are maxima. A tick that
comes while the start-up poll runs waits for it and then polls the devices it reached before the tick (a catch-up
cycle: the "caught up" column counts its devices, the per-cycle table gives its wall; its CPU and varbinds count in
the start-up poll's row, and the first whole cycle is measured from its end).

| devices | schedule | warm cycle wall | yunet CPU / cycle | snmpd CPU / cycle | yunet ÷ snmpd | varbinds / cycle | families unchanged | CPU per device | longest block in cycles | /metrics first after cycle | /metrics repeated | longest block in /metrics | /metrics size: text (gzip sent) | peak RSS (VmHWM) | failed | ticks skipped | caught up after the start-up poll |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
${rows
  .map(
    (x) =>
      `| ${x.p.devices} | \`${x.p.schedule}\` | ${fmt(x.wall)} s | ${fmt(x.cpu)} s | ${fmt(x.snmpd)} s | ${fmt(x.cpu / x.snmpd)}× | ${x.varbinds} | ${fmt(x.unchanged * 100, 0)} % | ${fmt((x.cpu / x.p.devices) * 1000)} ms | ${fmt(x.cycleBlock, 0)} ms | ${fmt(x.metrics, 3)} s | ${fmt(x.repeat, 3)} s | ${fmt(x.metricsBlock, 0)} ms | ${fmt(x.metricsMb, 1)} MB (${fmt(x.metricsWireMb, 1)} MB) | ${fmt(x.p.peakRssMb, 0)} MB | ${x.failed} | ${x.p.ticksSkipped} | ${caughtUp(x.p)} devices |`,
  )
  .join('\n')}

Memory per added device (slope of VmHWM between 1,000 and 5,000 devices): ${Number.isFinite(slopeKb) ? `${fmt(slopeKb, 0)} KB` : 'not measured (run both sizes)'}.
Scaling curve: [scaling.svg](scaling.svg).

![scaling](scaling.svg)

${profileSection(r.profiled, r.split)}
## Same work as snmp_exporter

yunet: system + interfaces collectors in a bare \`Fleet\` (no app listeners, no HTTP), ${SAME_DEVICES} devices: \`bench/same-work.ts\`
bundled by esbuild as \`npm run build\` bundles yunet, each phase in a fresh Node process with yunet's node flags; CPU = process.cpuUsage over the cycle; varbinds = varbinds received (fleet totals; the system collector
also walks a few system-group OIDs). snmp_exporter: Debian's prometheus-snmp-exporter with \`bench/snmp_exporter-same-oids.yml\`
(exactly the interfaces collector's 21 columns — ifDescr, ifName, ifAlias as labels and 18 numeric columns — v2c,
max-repetitions 25, plus a GET of sysUpTime.0); CPU from its /proc/PID/stat over a round of ${SAME_DEVICES} scrapes;
varbinds = its \`snmp_scrape_pdus_returned\`, which despite the name counts varbinds received. Medians of warm cycles / rounds.

| | yunet, parallelism 16 | exporter, parallelism 16 | yunet, parallelism 64 | exporter, parallelism 64 |
|---|---|---|---|---|
| wall per ${SAME_DEVICES} devices | ${fmt(y16.wall)} s | ${fmt(e16.wall)} s | ${fmt(y64.wall)} s | ${fmt(e64.wall)} s |
| CPU | ${fmt(y16.cpu)} s | ${fmt(e16.cpu)} s | ${fmt(y64.cpu)} s | ${fmt(e64.cpu)} s |
| CPU per device | ${fmt(perDev(y16.cpu))} ms | ${fmt(perDev(e16.cpu))} ms | ${fmt(perDev(y64.cpu))} ms | ${fmt(perDev(e64.cpu))} ms |
| varbinds received | ${y16.vb} | ${e16.vb} | ${y64.vb} | ${e64.vb} |
| CPU per varbind | ${fmt(perVb(y16.cpu, y16.vb))} µs | ${fmt(perVb(e16.cpu, e16.vb))} µs | ${fmt(perVb(y64.cpu, y64.vb))} µs | ${fmt(perVb(e64.cpu, e64.vb))} µs |
| failed | ${y16.failed} | ${e16.failed} | ${y64.failed} | ${e64.failed} |
| families unchanged since the poll before (yunet keeps them compressed) | ${fmt(y16.unchanged * 100, 0)} % | — | ${fmt(y64.unchanged * 100, 0)} % | — |
| peak RSS | ${fmt(y16.rss, 0)} MB (maxRSS) | ${fmt(e16.rss, 0)} MB (VmHWM) | ${fmt(y64.rss, 0)} MB (maxRSS) | ${fmt(e64.rss, 0)} MB (VmHWM) |

## Targets

| target | measured | |
|---|---|---|
${targets.map(([t, v, ok]) => `| ${t} | ${v} | ${pass(ok)} |`).join('\n')}

Per cycle of the real process (all cycles; #1 is the start-up poll, "catch-up" as above):

| devices | cycle | wall s | CPU s | snmpd CPU s | varbinds | ok | failed | loop block ms | /metrics s | /metrics block ms | VmHWM MB |
|---|---|---|---|---|---|---|---|---|---|---|---|
${r.scales
  .flatMap((p) => p.cycles.map((c) => `| ${p.devices} | ${c.cycle}${c.catchUp ? ' (catch-up)' : ''} | ${fmt(c.wallSeconds)} | ${fmt(c.cpuSeconds)} | ${fmt(c.snmpdCpuSeconds)} | ${fmt(c.varbinds, 0)} | ${c.ok} | ${c.failed} | ${fmt(c.cycleBlockMs, 0)} | ${fmt(c.metricsSeconds, 3)} | ${fmt(c.metricsBlockMs, 0)} | ${fmt(c.peakRssMb, 0)} |`))
  .join('\n')}
`;
  writeSection('Poll benchmark', body);
  console.log(body);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
