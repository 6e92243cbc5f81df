/**
 * Poll benchmark (npm run bench:poll): a fleet of ≥1,000 devices — one net-snmp snmpd in a network
 * namespace with 48 interfaces, listening on 250 ports, each port polled as several devices — polled
 * by yunet, then scraped by Debian's prometheus-snmp-exporter for the same ifTable + ifXTable work.
 * Writes bench/RESULTS.md. Needs root (namespaces), snmpd, snmpbulkwalk, prometheus-snmp-exporter, curl.
 *
 *   BENCH_DEVICES=1000 BENCH_PORTS=250 BENCH_CYCLES=3 [BENCH_ONLY=default|same|exporter] npm run bench:poll
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanupLab, createRouter, snmpBulkWalk, startLabYunet, startSnmpd, v2c } from '../test/lab/index';
import { missing } from '../test/support/requirements';
import { openDatabase } from '../db/index';
import { configSchema } from '../src/config/schema';
import { syncConfig } from '../src/inventory/sync';
import { Fleet } from '../src/poll/fleet';
import { createLogger } from '../src/log';
import { system } from '../collectors/system';
import { interfaces } from '../collectors/interfaces';
import { collectors } from '../collectors/registry';
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

const log = createLogger('warn');
const fmt = (n: number, digits = 2) => n.toFixed(digits);

function fleetConfig() {
  return {
    polling: { concurrency: 64, timeout_ms: 2000, retries: 1, max_repetitions: 25 },
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
    console.log(`  cycle ${i + 1}: ${fmt(result.wallSeconds)} s wall, ${fmt(result.cpuSeconds)} s CPU, ${totals() - v0} varbinds, ${result.result.ok} ok / ${result.result.failed} failed, loop block ${fmt(maxBlockMs, 0)} ms`);
  }
  return out;
}

/** yunet as shipped: every default collector, through the composition root, plus /metrics. */
async function benchYunetDefault() {
  const lab = await startLabYunet(fleetConfig(), { listen: true });
  try {
    const fleet = lab.yunet.ctx.fleet;
    console.log(`yunet, default collectors (${collectors.map((c) => c.name).join(', ')}):`);
    const runs = await cycles(() => lab.yunet.runCycle(), () => fleet.totals.varbinds, CYCLES);
    const renders: { seconds: number; bytes: number; maxBlockMs: number }[] = [];
    for (let i = 0; i < 3; i++) {
      const { result, maxBlockMs } = await loopBlock(() => curlTime(`http://127.0.0.1:${lab.yunet.port}/metrics`));
      renders.push({ ...result, maxBlockMs });
      console.log(`  /metrics: ${fmt(result.seconds, 3)} s, ${(result.bytes / 1e6).toFixed(1)} MB, loop block ${fmt(maxBlockMs, 0)} ms`);
    }
    const series = fleet.list().reduce((n, d) => n + [...d.state.series.values()].reduce((m, f) => m + f.values.length, 0), 0);
    return { runs, renders, series, rssMb: peakRssMb() };
  } finally {
    await lab.close();
  }
}

/** The same work snmp_exporter's if_mib does: system (sysUpTime) + interfaces collectors only. */
async function benchYunetSameWork() {
  const dir = mkdtempSync(join(tmpdir(), 'yunet-bench-'));
  const config = configSchema.parse({ ...fleetConfig(), database: { path: join(dir, 'yunet.db') } });
  const database = openDatabase(config.database.path);
  syncConfig(database.db, config);
  const fleet = new Fleet(database.db, config.polling, log, [system, interfaces]);
  try {
    console.log('yunet, system + interfaces collectors (the if_mib work):');
    return await cycles(() => fleet.runCycle(), () => fleet.totals.varbinds, CYCLES);
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

function machine(): string {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  return `${cpus().length} CPUs (nproc), ${model}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

async function main() {
  const why = missing({ root: true, commands: ['ip', 'snmpd', 'snmpbulkwalk', 'prometheus-snmp-exporter', 'curl'] });
  if (why) throw new Error(`bench:poll needs ${why}`);
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

      // BENCH_ONLY=default|same|exporter runs one phase (for profiling) and writes no results.
      const only = process.env.BENCH_ONLY;
      if (only) {
        await ({ default: benchYunetDefault, same: benchYunetSameWork, exporter: benchSnmpExporter } as Record<string, () => Promise<unknown>>)[only]();
        return;
      }
      const def = await benchYunetDefault();
      const same = await benchYunetSameWork();
      const exp = await benchSnmpExporter();
      writeResults({ ifCount, def, same, exp });
    } finally {
      await snmpd.stop();
    }
  } finally {
    await cleanupLab(PREFIX);
    rmSync(dir, { recursive: true, force: true });
  }
}

function writeResults(r: {
  ifCount: number;
  def: Awaited<ReturnType<typeof benchYunetDefault>>;
  same: CycleRun[];
  exp: { rounds: ExporterRound[] };
}) {
  const warmDef = r.def.runs.slice(1);
  const warmSame = r.same.slice(1);
  const cycleWall = median(warmDef.map((c) => c.wallSeconds));
  const defCpu = median(warmDef.map((c) => c.cpuSeconds));
  const defVb = median(warmDef.map((c) => c.varbinds));
  const sameCpu = median(warmSame.map((c) => c.cpuSeconds));
  const sameVb = median(warmSame.map((c) => c.varbinds));
  const sameWall = median(warmSame.map((c) => c.wallSeconds));
  const expCpu = median(r.exp.rounds.map((x) => x.cpuSeconds));
  const expWall = median(r.exp.rounds.map((x) => x.wallSeconds));
  const expVb = median(r.exp.rounds.map((x) => x.varbinds));
  const expFailed = Math.max(...r.exp.rounds.map((x) => x.failed));
  const renderS = median(r.def.renders.map((x) => x.seconds));
  const renderBlock = Math.max(...r.def.renders.map((x) => x.maxBlockMs));
  const cycleBlock = Math.max(...warmDef.map((c) => c.maxBlockMs), ...warmSame.map((c) => c.maxBlockMs));
  const ratio = sameCpu / expCpu;
  const pass = (ok: boolean) => (ok ? 'met' : '**missed**');
  const perDevMs = (cpu: number) => fmt((cpu / DEVICES) * 1000);
  const perVbUs = (cpu: number, vb: number) => (vb ? fmt((cpu / vb) * 1e6) : 'n/a');

  const md = `# Poll benchmark

\`npm run bench:poll\` — ${machine()}.

Fleet: ${DEVICES} devices = one net-snmp snmpd in a network namespace with ${r.ifCount} interfaces
(23 veth pairs + lo + eth0), listening on ${PORTS} UDP ports; device *i* polls port 20000 + (i mod ${PORTS}).
yunet: concurrency 64, timeout 2 s, 1 retry, max-repetitions 25. Figures are medians of the warm cycles
(cycles 2..${CYCLES}; the first opens the sessions). snmp_exporter: Debian's prometheus-snmp-exporter
with \`bench/snmp_exporter-if_mib.yml\` (ifTable + ifXTable walked whole, 16 metrics with an ifName lookup,
sysUpTime), ${EXPORTER_PARALLEL} scrapes in parallel, CPU from /proc/PID/stat, median of 2 full rounds after a warm-up.
The agent (snmpd) runs on the same 2 cores in every phase, so wall times include waiting for it.

| | yunet, default collectors | yunet, system + interfaces | snmp_exporter if_mib |
|---|---|---|---|
| work per device | ${collectors.length} collectors (vendor ones skip a Linux agent) | sysUpTime + 21 ifTable/ifXTable columns | sysUpTime + whole ifTable + ifXTable |
| ${DEVICES}-device cycle / round, wall | ${fmt(cycleWall)} s | ${fmt(sameWall)} s | ${fmt(expWall)} s |
| CPU seconds per cycle | ${fmt(defCpu)} s | ${fmt(sameCpu)} s | ${fmt(expCpu)} s |
| CPU per device | ${perDevMs(defCpu)} ms | ${perDevMs(sameCpu)} ms | ${perDevMs(expCpu)} ms |
| varbinds per cycle | ${defVb} | ${sameVb} | ${expVb} (PDUs returned) |
| CPU per varbind | ${perVbUs(defCpu, defVb)} µs | ${perVbUs(sameCpu, sameVb)} µs | ${perVbUs(expCpu, expVb)} µs |
| devices failed | ${Math.max(...warmDef.map((c) => c.failed))} | ${Math.max(...warmSame.map((c) => c.failed))} | ${expFailed} |
| peak RSS | ${fmt(r.def.rssMb, 0)} MB (whole bench process) | — | ${fmt(Math.max(...r.exp.rounds.map((x) => x.peakRssMb)), 0)} MB |
| longest event-loop block during cycles | ${fmt(cycleBlock, 0)} ms | | |
| whole-fleet \`/metrics\` (${r.def.series.toLocaleString('en')} device series, ${(median(r.def.renders.map((x) => x.bytes)) / 1e6).toFixed(1)} MB) | ${fmt(renderS, 3)} s, longest loop block ${fmt(renderBlock, 0)} ms | | |

## Targets

| target | measured | |
|---|---|---|
| ${DEVICES}-device cycle ≤ 10 s wall | ${fmt(cycleWall)} s | ${pass(cycleWall <= 10)} |
| collector CPU ≤ 0.5× snmp_exporter's for the same work | ${fmt(ratio)}× per device (${fmt(sameCpu)} s vs ${fmt(expCpu)} s) | ${pass(ratio <= 0.5)} |
| peak RSS ≤ 300 MB | ${fmt(r.def.rssMb, 0)} MB | ${pass(r.def.rssMb <= 300)} |
| whole-fleet /metrics ≤ 0.5 s | ${fmt(renderS, 3)} s | ${pass(renderS <= 0.5)} |
| no event-loop block over 50 ms | ${fmt(Math.max(cycleBlock, renderBlock), 0)} ms | ${pass(Math.max(cycleBlock, renderBlock) <= 50)} |

Per cycle (all runs, first one cold):

| run | wall s | CPU s | varbinds | ok | failed | loop block ms |
|---|---|---|---|---|---|---|
${[...r.def.runs.map((c, i) => ['default', i, c] as const), ...r.same.map((c, i) => ['system+interfaces', i, c] as const)]
  .map(([k, i, c]) => `| ${k} #${i + 1} | ${fmt(c.wallSeconds)} | ${fmt(c.cpuSeconds)} | ${c.varbinds} | ${c.ok} | ${c.failed} | ${fmt(c.maxBlockMs, 0)} |`)
  .join('\n')}
`;
  writeFileSync(join(here, 'RESULTS.md'), md);
  console.log(md);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
