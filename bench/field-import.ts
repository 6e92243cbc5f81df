/**
 * `npm run bench:import`: 100,000 5G stations from a GB18030 CSV (as Chinese Excel writes it) into a
 * fresh on-disk database, all or nothing, every row validated and audited. Then the same file again
 * (100,000 unchanged upserts) and once more with every row changed. Target: ≤ 5 s for the first import.
 * Writes the "Field import benchmark" section of RESULTS.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { stringify } from 'csv-stringify/sync';
import { count } from 'drizzle-orm';
import { openDatabase } from '../db/index';
import { auditLog } from '../db/schema/field';
import { importSheet } from '../src/field/sheets/import';
import { stationKind } from '../src/field/records/kinds';
import { Registry } from 'prom-client';
import { registerFieldMetrics } from '../src/field/metrics';
import { silentLogger } from '../src/log';
import { peakRssMb } from './measure';
import { machine, writeSection } from './results';

const N = Number(process.env.BENCH_ROWS ?? 100_000);
const towns = ['市桥街', '沙头街', '东环街', '桥南街', '小谷围街', '大石街', '洛浦街', '石壁街', '钟村街', '大龙街', '沙湾街', '石碁镇', '南村镇', '新造镇', '化龙镇', '石楼镇'];
const ops = ['中国移动', '中国联通', '中国电信', '中国广电'];
const statuses: [string, boolean][] = [['规划', false], ['已审批', false], ['建设中', false], ['已开通', true], ['已验收', true]];

function csv(nameSuffix: string): Buffer {
  const rows: string[][] = [['站点编码', '站点名称', '运营商', '镇街', '村居', '地址', '纬度', '经度', '站型', '计划年份', '状态', '开通日期', '验收日期', '备注']];
  for (let i = 0; i < N; i++) {
    const [status, built] = statuses[i % statuses.length];
    const town = towns[i % towns.length];
    rows.push([
      `PY5G-${String(i).padStart(6, '0')}`, `${town}${i}号站${nameSuffix}`, ops[i % 4], town, `${town.slice(0, 2)}${i % 40}村`, `番禺区${town}某路${i % 300}号`,
      (22.9 + (i % 1000) / 5000).toFixed(5), (113.3 + (i % 997) / 4000).toFixed(5), ['宏站', '微站', '室分'][i % 3], String(2019 + (i % 5)),
      status, built ? `2023-${String((i % 12) + 1).padStart(2, '0')}-15` : '', status === '已验收' ? `2023-${String((i % 12) + 1).padStart(2, '0')}-28` : '', '',
    ]);
  }
  return iconv.encode(stringify(rows), 'gb18030');
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yn-field-bench-'));
const database = await openDatabase(path.join(dir, 'bench.db'));
const actor = { name: 'bench', role: 'coordinator' as const };
try {
  const file = csv('');
  const changed = csv('（改）');
  const runs: { label: string; seconds: number; cpu: number; created: number; changed: number; unchanged: number }[] = [];
  const run = async (label: string, buf: Buffer) => {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const r = await importSheet(database.db, stationKind, buf, actor, { dryRun: false });
    const s = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    const cpu = (c.user + c.system) / 1e6;
    if (!r.applied) throw new Error(`${label}: not applied: ${JSON.stringify(r.rejected.slice(0, 3))}`);
    console.log(`${label.padEnd(34)} ${s.toFixed(2)} s (CPU ${cpu.toFixed(2)} s)  created ${r.created}, changed ${r.changed}, unchanged ${r.unchanged}  (${Math.round(N / s).toLocaleString('en-US')} rows/s)`);
    runs.push({ label, seconds: s, cpu, created: r.created, changed: r.changed, unchanged: r.unchanged });
    return s;
  };
  console.log(`${N.toLocaleString('en-US')} stations, GB18030 CSV of ${(file.length / 1e6).toFixed(1)} MB; ${machine()}`);
  const first = await run('import into empty database', file);
  await run('same file again (all unchanged)', file);
  await run('every row changed (upsert by code)', changed);
  const [audit] = await database.db.select({ n: count() }).from(auditLog);
  console.log(`audit entries: ${audit.n}; peak RSS ${peakRssMb().toFixed(0)} MB`);
  // The field gauges aggregate in SQL at scrape time: their cost with 100,000 stations in the database.
  const registry = new Registry();
  registerFieldMetrics(registry, database.db, silentLogger);
  await registry.metrics();
  const s0 = performance.now();
  const text = await registry.metrics();
  const scrapeMs = performance.now() - s0;
  const series = text.split('\n').filter((l) => l && !l.startsWith('#')).length;
  console.log(`field metrics scrape: ${scrapeMs.toFixed(1)} ms, ${series} series`);
  const met = first <= 5;
  console.log(`target ≤ 5 s: ${met ? 'met' : 'MISSED'} (${first.toFixed(2)} s)`);
  writeSection(
    'Field import benchmark',
    `\`npm run bench:import\` — ${machine()}. On-disk SQLite in a temp directory; no peer tool does this job.

${N.toLocaleString('en-US')} stations in a GB18030 CSV of ${(file.length / 1e6).toFixed(1)} MB with Chinese headers and values (14 columns: code,
name, operator, town, village, address, WGS-84 coordinates, type, year, status, on-air and accepted dates, notes), through
the same code path as the API and pages: charset detection, csv-parse, header mapping, zod per row, status/date rules,
upsert by code, one audit entry per record, all in one transaction (nothing stored if any row is bad). The three runs
follow each other in one process.

| run | wall | CPU (process, GC threads included) | rows/s | created | changed | unchanged |
|---|---|---|---|---|---|---|
${runs.map((r) => `| ${r.label} | ${r.seconds.toFixed(2)} s | ${r.cpu.toFixed(2)} s | ${Math.round(N / r.seconds).toLocaleString('en-US')} | ${r.created} | ${r.changed} | ${r.unchanged} |`).join('\n')}

Audit entries after the runs: ${audit.n}. Peak RSS of the process (maxRSS) over the three runs: ${peakRssMb().toFixed(0)} MB.
After the runs, a scrape of the field gauge families (aggregated in SQL over the ${N.toLocaleString('en-US')} stations) takes
${scrapeMs.toFixed(1)} ms for ${series} series.

| target | measured | |
|---|---|---|
| import of 100,000 stations ≤ 5 s | ${first.toFixed(2)} s | ${met ? 'met' : '**missed**'} |
`,
  );
} finally {
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
