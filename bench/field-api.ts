/**
 * `npm run bench:field-api`: station status updates through the HTTP API (bearer auth, zod, status
 * machine, date checks, audit entry; each in its own savepoint, committed in groups) against yunet listening on loopback with
 * an on-disk database; the load comes from a second process (bench/field-api-load.ts).
 * Target: sustained ≥ 2,000 updates/s with p99 ≤ 50 ms.
 */
import { execFile } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { configSchema } from '../src/config/schema';
import { createToken } from '../src/auth/tokens';
import { silentLogger } from '../src/log';
import { importSheet } from '../src/field/sheets/import';
import { stationKind } from '../src/field/records/kinds';
import { createYunet } from '../src/yunet';
import { sqliteOf } from '../src/field/sqlite';

const RATE = Number(process.env.BENCH_RATE ?? 2000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNS = Number(process.env.BENCH_CONNS ?? 16);
const STATIONS = 20_000;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yn-field-api-bench-'));
const yunet = await createYunet({
  config: configSchema.parse({ database: { path: path.join(dir, 'bench.db') }, http: { port: 0, host: '127.0.0.1' } }),
  schedule: false, pollAtStart: false, log: silentLogger, env: {},
});
try {
  const token = createToken(yunet.ctx.db, 'bench-coordinator', 'coordinator');
  const towns = ['市桥街', '南村镇', '石楼镇', '大石街'];
  const rows = [['code', 'name', 'operator', 'town', 'type', 'planned_year']];
  for (let i = 0; i < STATIONS * 2; i++) rows.push([`B-${i}`, `压测站${i}`, '中国移动', towns[i % 4], 'macro', '2026']);
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
  console.log(`${os.cpus().length} CPUs, ${os.cpus()[0].model}, Node ${process.version}, ${new Date().toISOString()}; ${STATIONS * 2} stations in the database`);
  const fmt = (r: Record<string, number>) =>
    `${r.requests} requests in ${r.wall.toFixed(1)} s = ${Math.round(r.rate)}/s, errors ${r.errors}, latency p50 ${r.p50.toFixed(1)} ms, p90 ${r.p90.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, max ${r.max.toFixed(1)} ms`;
  await load(codesOf(STATIONS), 'closed', 4, 2); // warm-up (JIT, connections), other stations
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const cpu0 = process.cpuUsage();
  const open = await load(codesOf(0), 'open', RATE, SECONDS);
  loop.disable();
  const cpu = process.cpuUsage(cpu0);
  console.log(`open loop at ${RATE}/s for ${SECONDS} s: ${fmt(open)}`);
  console.log(
    `  server during the open loop: CPU ${((cpu.user + cpu.system) / 1e6 / open.wall * 100).toFixed(0)}% of a core, ${((cpu.user + cpu.system) / open.requests).toFixed(0)} µs CPU per request, event-loop delay p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, max ${(loop.max / 1e6).toFixed(1)} ms`,
  );
  const closed = await load(codesOf(STATIONS), 'closed', CONNS, 8);
  console.log(`closed loop, ${CONNS} connections, 8 s: ${fmt(closed)}`);
  const audit = sqliteOf(yunet.ctx.db).prepare("SELECT count(*) n FROM audit_log WHERE action = 'transition'").get() as { n: number };
  console.log(`audit entries written for transitions: ${audit.n}`);
  const met = open.errors === 0 && open.rate >= RATE * 0.98 && open.p99 <= 50;
  console.log(`target ≥ 2,000/s sustained with p99 ≤ 50 ms: ${met ? 'met' : 'MISSED'}`);
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  await yunet.close();
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit();
}
