/**
 * `npm run bench:field-api`: station status updates through the HTTP API (bearer auth, zod, status
 * machine, date checks, audit entry; each in its own savepoint, committed in groups) against yunet listening on loopback with
 * an on-disk database; the load comes from a second process (bench/field-api-load.ts).
 * Target: sustained ≥ 2,000 updates/s with p99 ≤ 50 ms. Warm-up, open loop and closed loop each move their own
 * stations, so every measured request is a real transition with its audit entry (checked by counting them).
 * Writes the "Field API benchmark" section of RESULTS.md.
 */
import { execFile } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { count, eq } from 'drizzle-orm';
import { configSchema } from '../src/config/schema';
import { createToken } from '../src/auth/tokens';
import { silentLogger } from '../src/log';
import { importSheet } from '../src/field/sheets/import';
import { stationKind } from '../src/field/records/kinds';
import { createYunet } from '../src/yunet';
import { auditLog } from '../db/schema/field';
import { machine, writeSection } from './results';

const RATE = Number(process.env.BENCH_RATE ?? 2000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNS = Number(process.env.BENCH_CONNS ?? 16);
const STATIONS = 20_000;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yn-field-api-bench-'));
const yunet = await createYunet({
  // The load generator is one client address with up to 256 keep-alive connections, beside the benchmark's own requests.
  config: configSchema.parse({ database: { path: path.join(dir, 'bench.db') }, http: { port: 0, host: '127.0.0.1', max_connections_per_address: 1024 } }),
  schedule: false, pollAtStart: false, log: silentLogger, env: {},
});
try {
  const token = await createToken(yunet.ctx.db, 'bench-coordinator', 'coordinator');
  const towns = ['市桥街', '南村镇', '石楼镇', '大石街'];
  const rows = [['code', 'name', 'operator', 'town', 'type', 'planned_year']];
  // Three disjoint ranges of stations: warm-up, open loop, closed loop.
  for (let i = 0; i < STATIONS * 3; i++) rows.push([`B-${i}`, `压测站${i}`, '中国移动', towns[i % 4], 'macro', '2026']);
  const imp = await importSheet(yunet.ctx.db, stationKind, Buffer.from(stringify(rows)), { name: 'bench', role: 'coordinator' }, { dryRun: false });
  if (!imp.applied) throw new Error('seeding failed');
  const port = await yunet.listen();
  const url = `http://127.0.0.1:${port}`;
  const codesOf = (from: number) => [String(from), String(STATIONS)];
  const load = (codes: string[], mode: string, arg: number, seconds: number) =>
    new Promise<Record<string, number>>((resolve, reject) =>
      execFile(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'field-api-load.ts'), url, token, ...codes, mode, String(arg), String(seconds)], { maxBuffer: 1 << 20 }, (err, out) =>
        err ? reject(err) : resolve(JSON.parse(out.trim().split('\n').pop()!)),
      ),
    );
  console.log(`${machine()}; ${STATIONS * 3} stations in the database`);
  const transitions = async () => (await yunet.ctx.db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, 'transition')))[0].n;
  const fmt = (r: Record<string, number>) =>
    `${r.requests} requests in ${r.wall.toFixed(1)} s = ${Math.round(r.rate)}/s, errors ${r.errors}, latency p50 ${r.p50.toFixed(1)} ms, p90 ${r.p90.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, max ${r.max.toFixed(1)} ms`;
  await load(codesOf(STATIONS * 2), 'closed', 4, 2); // warm-up (JIT, connections) on stations the runs do not touch
  const audit0 = await transitions();
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const cpu0 = process.cpuUsage();
  const open = await load(codesOf(0), 'open', RATE, SECONDS);
  loop.disable();
  const cpu = process.cpuUsage(cpu0);
  const audit1 = await transitions();
  console.log(`open loop at ${RATE}/s for ${SECONDS} s: ${fmt(open)}`);
  console.log(
    `  server during the open loop: CPU ${((cpu.user + cpu.system) / 1e6 / open.wall * 100).toFixed(0)}% of a core, ${((cpu.user + cpu.system) / open.requests).toFixed(0)} µs CPU per request, event-loop delay p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, max ${(loop.max / 1e6).toFixed(1)} ms`,
  );
  const closed = await load(codesOf(STATIONS), 'closed', CONNS, 8);
  console.log(`closed loop, ${CONNS} connections, 8 s: ${fmt(closed)}`);
  const audited = { open: audit1 - audit0, closed: (await transitions()) - audit1 };
  console.log(`transitions audited: open loop ${audited.open}, closed loop ${audited.closed}`);
  const met = open.errors === 0 && open.rate >= RATE * 0.98 && open.p99 <= 50;
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  const row = (label: string, r: Record<string, number>, audit: number) =>
    `| ${label} | ${r.requests} | ${Math.round(r.rate)}/s | ${r.errors} | ${audit} | ${ms(r.p50)} | ${ms(r.p90)} | ${ms(r.p99)} | ${ms(r.max)} |`;
  writeSection(
    'Field API benchmark',
    `\`npm run bench:field-api\` — ${machine()}. On-disk SQLite in a temp directory; no peer tool does this job.

yunet (\`createYunet\`, the app \`npm start\` serves) listens on 127.0.0.1 with ${STATIONS * 3} stations imported; the load comes
from a second process (\`bench/field-api-load.ts\`, keep-alive connections). Each request is
\`POST /api/stations/:code/status\` moving a station one status forward, with a Bearer token (SHA-256 lookup), zod
validation, the status machine and date checks, the row update and an audit entry; writes arriving in one event-loop
turn share one COMMIT, each in its own savepoint. A 2 s warm-up, the open loop and the closed loop each move their own
${STATIONS} stations, so every request below is a real transition: "audited" counts the transition entries the run added to
the audit log. Open loop: fixed ${RATE} requests/s for ${SECONDS} s, latency from the intended send time (queueing counts).
Closed loop: ${CONNS} connections as fast as they go for 8 s.

| load | requests | rate | errors | audited | p50 | p90 | p99 | max |
|---|---|---|---|---|---|---|---|---|
${row(`open loop ${RATE}/s, ${SECONDS} s`, open, audited.open)}
${row(`closed loop, ${CONNS} connections, 8 s`, closed, audited.closed)}

Server during the open loop: ${((cpu.user + cpu.system) / 1e6 / open.wall * 100).toFixed(0)}% of one core, ${((cpu.user + cpu.system) / open.requests).toFixed(0)} µs CPU per request, event-loop delay p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, max ${(loop.max / 1e6).toFixed(1)} ms.

| target | measured | |
|---|---|---|
| ≥ ${RATE} status updates/s sustained, p99 ≤ 50 ms | ${Math.round(open.rate)}/s at p99 ${ms(open.p99)} (closed loop ≈ ${Math.round(closed.rate)}/s) | ${met ? 'met' : '**missed**'} |
`,
  );
  console.log(`target ≥ 2,000/s sustained with p99 ≤ 50 ms: ${met ? 'met' : 'MISSED'}`);
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  await yunet.close();
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit();
}
