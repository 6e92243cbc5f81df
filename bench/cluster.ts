/**
 * Cluster benchmark (npm run bench:cluster): the same fleet polled by one node and by three nodes sharing one
 * PostgreSQL, every node the esbuild bundle `npm start` runs. The lab is bench:poll's: one snmpd in a network
 * namespace with 48 interfaces on 250 ports, each port polled as several devices. Per warm cycle: the longest
 * node's cycle, the CPU of all nodes together and of PostgreSQL (/proc), each node's peak RSS, and PostgreSQL's
 * statements (pg_stat_statements) and transactions, the requests the agent received. The overhead comes from four
 * runs in the order one node, three staggered, three staggered, one node (a drift of the machine's speed in one
 * direction weighs on both sides alike); staggered, the nodes' schedules are a third of the interval apart (on one
 * small machine, nodes polling at once compete for its cores). Then three nodes on one tick, of which one is killed
 * (SIGKILL): failover is the time from the kill until every survivor has polled the devices it took over (its "all
 * polled" log line); and three staggered with a tenth of the fleet (statements a cycle). Writes the "Cluster
 * benchmark" section of bench/RESULTS.md.
 * Needs root (namespaces), snmpd, snmpget, snmpbulkwalk, PostgreSQL.
 *
 *   BENCH_DEVICES=5000 BENCH_CYCLES=2 BENCH_SCHEDULE_S=60 BENCH_PORTS=250 [BENCH_NODE_FLAGS=...] npm run bench:cluster
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freeTcpPort, tryRun } from '../test/lab/index';
import { labDevices, startFleetLab, type FleetLab, type RunningLab } from './fleet-lab';
import { startPostgres, type PostgresServer } from '../test/support/postgres-server';
import { CLK_TCK, median, processCpuSeconds, processPeakRssMb } from './measure';
import { machine, writeSection } from './results';
import { buildBundle, nodeFlags } from './yunet-process';
import { NODE_FLAGS } from '../src/node-flags';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const DEVICES = Number(process.env.BENCH_DEVICES ?? 5000);
const CYCLES = Math.max(1, Number(process.env.BENCH_CYCLES ?? 2));
const SCHEDULE_S = Number(process.env.BENCH_SCHEDULE_S ?? 60);
const LAB: FleetLab = { prefix: 'yn-clus', root: '198.19.67.1', agent: '198.19.67.2', firstPort: 21000, ports: Number(process.env.BENCH_PORTS ?? 250), sysName: 'bench-cluster' };
/** The survivor's log line once every device it took over has been polled. */
const TAKEN_OVER_LINE = /devices taken over from a node that left: all polled devices=(\d+)/;
const CYCLE_LINE = /poll cycle cycle=(\d+) ok=(\d+) failed=(\d+) skipped=(\d+) duration_s=([\d.]+)/;
const fmt = (n: number, digits = 2) => n.toFixed(digits);

interface Node {
  name: string;
  proc: ChildProcess;
  pid: number;
  /** Cycle log lines as they come, with the time they arrived. */
  cycles: { at: number; cycle: number; ok: number; failed: number; seconds: number }[];
  takeovers: { at: number; devices: number }[];
  exited: Promise<unknown>;
}

interface PhaseCycle {
  wallSeconds: number;
  nodesCpuSeconds: number;
  postgresCpuSeconds: number;
  /** The answering snmpd's CPU over the same interval: more than one node's share means more requests (retries). */
  snmpdCpuSeconds: number;
  /** SNMP messages the agent received over the interval (its snmpInPkts): requests sent again show here. */
  agentPackets: number;
  statements: number;
  transactions: number;
  polled: number;
}

interface Phase {
  nodes: number;
  devices: number;
  /** The nodes' schedules a third of the interval apart, so that no two poll at once. */
  staggered: boolean;
  cycles: PhaseCycle[];
  peakRssMb: number[];
  failoverSeconds?: number;
  takenOver?: number;
}

/** The agent's snmpInPkts (SNMPv2-MIB): every message it received, retries included. */
function agentPackets(): number {
  const r = tryRun('snmpget', ['-v2c', '-c', 'public', '-Oqv', '-t', '5', `${LAB.agent}:${LAB.firstPort}`, '1.3.6.1.2.1.11.1.0']);
  if (!r.ok) throw new Error('snmpget of the agent’s snmpInPkts failed');
  return Number(r.stdout.trim());
}

/**
 * CPU seconds of the PostgreSQL server: the postmaster's own and its reaped children's (backends that ended:
 * cutime + cstime) plus every live backend's, from /proc.
 */
function postgresCpuSeconds(): number {
  const procs: { pid: number; ppid: number; f: string[] }[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p)))
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      procs.push({ pid: Number(pid), ppid: Number(f[1]), f });
    } catch {
      /* gone meanwhile */
    }
  const pids = new Set(procs.map((p) => p.pid));
  let ticks = 0;
  for (const p of procs) ticks += Number(p.f[11]) + Number(p.f[12]) + (pids.has(p.ppid) ? 0 : Number(p.f[13]) + Number(p.f[14]));
  return ticks / CLK_TCK;
}

/** The cron schedule of every SCHEDULE_S seconds, `offset` seconds after the whole interval. */
function schedule(offset: number): string {
  return SCHEDULE_S >= 60 ? `${offset} */${SCHEDULE_S / 60} * * * *` : `${offset}-59/${SCHEDULE_S} * * * * *`;
}

async function startNode(bundle: string, dir: string, name: string, url: string, offset: number, count: number): Promise<Node & { port: number }> {
  const port = await freeTcpPort();
  const config = {
    http: { host: '127.0.0.1', port },
    database: { url },
    traps: { enabled: false },
    cluster: { node: name, advertise_url: `http://127.0.0.1:${port}` },
    polling: { schedule: schedule(offset), concurrency: 64, timeout_ms: 2000, retries: 1, max_repetitions: 25 },
    credentials: { public: { version: '2c', community: 'public' } },
    devices: labDevices(LAB, count, 'clus'),
  };
  const file = join(dir, `${name}.yml`);
  writeFileSync(file, JSON.stringify(config)); // JSON is YAML
  const proc = spawn(process.execPath, [...NODE_FLAGS, ...nodeFlags(), bundle, '--config', file], { env: { ...process.env, YUNET_LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const node: Node & { port: number } = { name, proc, pid: proc.pid!, port, cycles: [], takeovers: [], exited: new Promise((r) => proc.once('exit', r)) };
  for (const stream of [proc.stdout!, proc.stderr!])
    createInterface({ input: stream }).on('line', (line) => {
      const m = CYCLE_LINE.exec(line);
      if (m && !line.includes('partial=catch-up')) node.cycles.push({ at: Date.now(), cycle: Number(m[1]), ok: Number(m[2]), failed: Number(m[3]), seconds: Number(m[5]) });
      const taken = TAKEN_OVER_LINE.exec(line);
      if (taken) node.takeovers.push({ at: Date.now(), devices: Number(taken[1]) });
      if (/^\S+ error /.test(line)) console.error(`  ${name}: ${line}`);
    });
  return node;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, ok: () => boolean, ms: number): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(200)) if (ok()) return;
  throw new Error(`timed out waiting for ${what}`);
}

interface PhaseSpec {
  nodes: number;
  devices: number;
  /** The nodes' schedules spread over the interval, so that no two poll at once. */
  staggered: boolean;
  cycles: number;
  /** Kill one node after the measured cycles, for the failover time. */
  kill: boolean;
}

/** One configuration on a fresh database: warm-up, `cycles` cycles measured, then maybe a kill. */
async function phase(bundle: string, server: PostgresServer, snmpdPid: number, spec: PhaseSpec): Promise<Phase> {
  const { nodes: count, staggered, kill } = spec;
  const dbName = `clus_${count}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}"`);
  await admin.end();
  const url = new URL(server.url);
  url.pathname = `/${dbName}`;
  const stats = new pg.Client({ connectionString: url.toString() });
  await stats.connect();
  await stats.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  const counters = async () => {
    const [t] = (await stats.query('SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()')).rows;
    const byQuery = new Map<string, number>();
    for (const r of (await stats.query('SELECT query, calls FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())')).rows)
      byQuery.set(r.query, (byQuery.get(r.query) ?? 0) + Number(r.calls));
    return { statements: [...byQuery.values()].reduce((a, b) => a + b, 0), transactions: Number(t.n), byQuery };
  };
  /** The statements run most often between two readings, for the console: which of them grow with the fleet. */
  const busiest = (a: Map<string, number>, b: Map<string, number>) =>
    [...b]
      .map(([q, n]) => [n - (a.get(q) ?? 0), q] as const)
      .filter(([n]) => n > 0)
      .sort((x, y) => y[0] - x[0])
      .slice(0, 8)
      .map(([n, q]) => `    ${String(n).padStart(5)} × ${q.replace(/\s+/g, ' ').slice(0, 110)}`)
      .join('\n');
  const dir = mkdtempSync(join(tmpdir(), 'yunet-bench-cluster-'));
  const nodes: (Node & { port: number })[] = [];
  try {
    for (let i = 0; i < count; i++) nodes.push(await startNode(bundle, dir, `node-${i + 1}`, url.toString(), staggered ? Math.round((i * SCHEDULE_S) / count) : 0, spec.devices));
    // Warm-up: every node's start-up cycle and first scheduled one.
    await until('two cycles on every node', () => nodes.every((n) => n.cycles.length >= 2), (SCHEDULE_S * 3 + 180) * 1000);
    const cycles: PhaseCycle[] = [];
    const period = SCHEDULE_S * 1000;
    for (let c = 0; c < spec.cycles; c++) {
      // A window of one interval from two seconds before the first node's tick: one whole cycle of every node and what
      // runs between cycles; it is stretched when a cycle has not ended by then.
      await sleep(Math.ceil((Date.now() + 2000) / period) * period - 2000 - Date.now());
      const t0 = Date.now();
      const cpu0 = nodes.reduce((t, n) => t + processCpuSeconds(n.pid), 0);
      const pg0 = postgresCpuSeconds();
      const snmpd0 = processCpuSeconds(snmpdPid);
      const packets0 = agentPackets();
      const q0 = await counters();
      const inWindow = (n: Node) => n.cycles.find((x) => x.at > t0 && x.at - x.seconds * 1000 >= t0);
      await sleep(t0 + period - Date.now());
      await until(`cycle ${c + 1} of every node`, () => nodes.every((n) => inWindow(n)), (SCHEDULE_S * 2 + 120) * 1000);
      const q1 = await counters();
      const mine = nodes.map((n) => inWindow(n)!);
      const cycle: PhaseCycle = {
        wallSeconds: Math.max(...mine.map((x) => x.seconds)),
        nodesCpuSeconds: nodes.reduce((t, n) => t + processCpuSeconds(n.pid), 0) - cpu0,
        postgresCpuSeconds: postgresCpuSeconds() - pg0,
        snmpdCpuSeconds: processCpuSeconds(snmpdPid) - snmpd0,
        agentPackets: agentPackets() - packets0 - 1,
        statements: q1.statements - q0.statements,
        transactions: q1.transactions - q0.transactions,
        polled: mine.reduce((t, x) => t + x.ok + x.failed, 0),
      };
      cycles.push(cycle);
      console.log(
        `  ${count} node(s)${staggered ? ' staggered' : ''}, ${spec.devices} devices, cycle ${c + 1}: ${fmt(cycle.wallSeconds)} s wall, nodes ${fmt(cycle.nodesCpuSeconds)} s CPU, PostgreSQL ${fmt(cycle.postgresCpuSeconds)} s CPU, snmpd ${fmt(cycle.snmpdCpuSeconds)} s CPU and ${cycle.agentPackets} requests, ` +
          `${cycle.statements} statements, ${cycle.transactions} transactions, ${cycle.polled} devices polled\n${busiest(q0.byQuery, q1.byQuery)}`,
      );
    }
    const result: Phase = { nodes: count, devices: spec.devices, staggered, cycles, peakRssMb: nodes.map((n) => processPeakRssMb(n.pid)) };
    if (kill) {
      // Kill the last node: the survivors take its devices over and poll them.
      const victim = nodes.at(-1)!;
      const survivors = nodes.slice(0, -1);
      const killedAt = Date.now();
      victim.proc.kill('SIGKILL');
      await victim.exited;
      await until('the survivors’ takeover polls', () => survivors.every((n) => n.takeovers.some((t) => t.at > killedAt)), 180_000);
      const done = survivors.map((n) => n.takeovers.find((t) => t.at > killedAt)!);
      result.failoverSeconds = (Math.max(...done.map((t) => t.at)) - killedAt) / 1000;
      result.takenOver = done.reduce((sum, t) => sum + t.devices, 0);
      console.log(`  kill -9 ${victim.name}: every survivor polled what it took over ${fmt(result.failoverSeconds, 1)} s after the kill`);
    }
    return result;
  } finally {
    for (const n of nodes) n.proc.kill('SIGTERM');
    await Promise.all(nodes.map((n) => Promise.race([n.exited, sleep(15_000)])));
    for (const n of nodes) n.proc.kill('SIGKILL');
    await stats.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const lacks = ['ip', 'snmpd', 'snmpget', 'snmpbulkwalk'].filter((c) => !tryRun('sh', ['-c', `command -v ${c}`]).ok);
  if (process.getuid?.() !== 0) lacks.unshift('root (network namespaces)');
  if (lacks.length) throw new Error(`bench:cluster needs ${lacks.join(', ')}`);
  const buildDir = `.bench-build-${process.pid}`;
  const bundle = buildBundle(root, buildDir);
  const server = await startPostgres({ shared_preload_libraries: 'pg_stat_statements' });
  let lab: RunningLab | undefined;
  try {
    lab = await startFleetLab(LAB);
    const snmpdPid = lab.snmpd.pid;
    console.log(`${DEVICES} devices on snmpd in ${lab.ns} (${LAB.ports} ports), one PostgreSQL, schedule every ${SCHEDULE_S} s`);
    const run = (spec: Pick<PhaseSpec, 'nodes' | 'staggered'> & Partial<PhaseSpec>) =>
      phase(bundle, server, snmpdPid, { devices: DEVICES, cycles: CYCLES, kill: false, ...spec });
    // One, three, three, one: a drift of the machine's speed in one direction over the four weighs on both sides alike.
    const ones: Phase[] = [];
    const staggered: Phase[] = [];
    ones.push(await run({ nodes: 1, staggered: false }));
    staggered.push(await run({ nodes: 3, staggered: true }));
    staggered.push(await run({ nodes: 3, staggered: true }));
    ones.push(await run({ nodes: 1, staggered: false }));
    const three = await run({ nodes: 3, staggered: false, kill: true });
    // The same three nodes with a tenth of the fleet: the statements a cycle should not change.
    const tenth = await run({ nodes: 3, staggered: true, devices: Math.round(DEVICES / 10), cycles: 1 });
    report(ones, staggered, three, tenth);
  } finally {
    await server.stop();
    await lab?.stop();
    rmSync(join(root, buildDir), { recursive: true, force: true });
  }
}

function report(ones: Phase[], staggered: Phase[], three: Phase, tenth: Phase) {
  const m = (p: Phase, f: (c: PhaseCycle) => number) => median(p.cycles.map(f));
  const sum = (ps: Phase[], f: (p: Phase) => number) => ps.reduce((t, p) => t + f(p), 0);
  const cpu = (p: Phase) => m(p, (c) => c.nodesCpuSeconds);
  // The agent answers the same requests in every configuration: its CPU time says how fast the machine ran meanwhile.
  const perAgent = (p: Phase) => m(p, (c) => c.nodesCpuSeconds / c.snmpdCpuSeconds);
  /** The mean of `f` over the runs `ps` against its mean over the one-node runs. */
  const overheadOf = (ps: Phase[], f: (p: Phase) => number) => sum(ps, f) / ps.length / (sum(ones, f) / ones.length) - 1;
  /** Each staggered run against the one-node run beside it (first with first, second with second). */
  const pairs = staggered.map((p, i) => cpu(p) / cpu(ones[i]) - 1);
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const statements = (p: Phase) => Math.round(m(p, (c) => c.statements));
  const row = (p: Phase, label: string) =>
    `| ${label} | ${fmt(m(p, (c) => c.wallSeconds))} s | ${fmt(cpu(p))} s | ${p.peakRssMb.map((r) => r.toFixed(0)).join(' / ')} MB | ${fmt(m(p, (c) => c.postgresCpuSeconds))} s | ${fmt(m(p, (c) => c.snmpdCpuSeconds))} s | ${Math.round(m(p, (c) => c.agentPackets))} | ${Math.round(m(p, (c) => c.statements))} | ${Math.round(m(p, (c) => c.transactions))} | ${Math.round(m(p, (c) => c.polled))} |`;
  const overhead = overheadOf(staggered, cpu);
  const body = `
\`npm run bench:cluster\` — ${machine()}.

${DEVICES} devices (snmpd in a network namespace, 48 interfaces, ${LAB.ports} ports), every node the bundle \`npm start\`
runs with the default collectors, concurrency 64 and a ${SCHEDULE_S} s schedule; one PostgreSQL 15 on the same machine
(fsync off: the benchmark measures work, not the disk), a fresh database per run. Medians of ${CYCLES} warm
cycles per run (one with a tenth of the fleet), each measured over one schedule interval from two seconds before the
first node's tick: one cycle of every node and what runs between cycles (heartbeats, evidence publication,
readiness). Statements from pg_stat_statements, transactions from pg_stat_database, requests from the agent's own
snmpInPkts.

The overhead of clustering is measured on four runs in this order: one node, three nodes, three nodes, one node. The
speed of this shared ${availableParallelism()}-core machine drifts between runs minutes apart by more than the effect measured (the agent's
CPU for the same requests moved by up to a fifth in earlier runs); in this order a drift in one direction weighs on
both sides alike. The three nodes' schedules are staggered (a third of the interval apart, so that no two poll at
once): on one small machine, nodes polling at once compete for its cores with each other and with the agent, and
every process' CPU for the same work grows (the agent's too, for the same requests), which three machines would not
see. The target is judged on the CPU seconds of the four runs; the same per second of the agent's CPU (which cancels
a slowdown of every process alike) and each three-node run against the one-node run beside it are shown too. Then
three nodes polling at once (every schedule on the same tick, as the defaults do), of which one is killed for the
failover; and three staggered with a tenth of the fleet (the statements a cycle must not depend on the fleet).

| run | cycle wall (slowest node) | CPU of all nodes | peak RSS per node | PostgreSQL CPU | snmpd CPU | requests to the agent | statements | transactions | devices polled |
|---|---|---|---|---|---|---|---|---|---|
${row(ones[0], '1 node')}
${row(staggered[0], '3, staggered')}
${row(staggered[1], '3, staggered (again)')}
${row(ones[1], '1 node (again)')}
${row(three, '3, at once')}
${row(tenth, `3, staggered, ${tenth.devices} devices`)}

Failover: \`kill -9\` of one of the three nodes polling at once; both survivors had polled the ${three.takenOver} devices they took
over ${fmt(three.failoverSeconds ?? NaN, 1)} s after the kill (their "all polled" log lines; defaults: node_timeout_s 15, heartbeat_s 5). A
survivor puts the devices it takes over first in the queue of the cycle it is running, or polls them in a cycle of their own.

| target | measured | |
|---|---|---|
| cluster overhead ≤ 10 % total CPU over one node (three staggered runs against the one-node runs, in the order 1, 3, 3, 1) | ${pct(overhead)}; per second of the agent's CPU ${pct(overheadOf(staggered, perAgent))}; run beside run ${pairs.map(pct).join(' and ')}; polling at once ${pct(overheadOf([three], cpu))} | ${overhead <= 0.1 ? 'met' : '**missed**'} |
| failover ≤ 30 s with the defaults | ${fmt(three.failoverSeconds ?? NaN, 1)} s | ${(three.failoverSeconds ?? Infinity) <= 30 ? 'met' : '**missed**'} |
| PostgreSQL statements per cycle independent of the fleet (3 nodes, staggered) | ${statements(staggered[0])} and ${statements(staggered[1])} at ${DEVICES} devices, ${statements(tenth)} at ${tenth.devices} | ${Math.max(...staggered.map(statements)) <= statements(tenth) * 1.05 ? 'met' : '**missed**'} |
`;
  writeSection('Cluster benchmark', body);
  console.log(body);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
