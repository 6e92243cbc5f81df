/**
 * Discovery sweeps of prefixes where nothing answers: how long each takes against the bound
 * addresses × credentials / rate (+ 10 %), and how much memory it holds. 198.19.0.0/16 is routed into a namespace
 * of its own, where every request is dropped; the rows sweep a /18, a /17 and the whole /16 at the same rate, so
 * the table shows whether memory grows with the prefix. Needs root and iproute2. DSC_BENCH_RATE sets the rate
 * (default 2000/s); DSC_BENCH_PREFIXES other rows (comma-separated, inside 198.19.0.0/16: printed only, RESULTS.md
 * keeps the standard rows).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cleanupLab, createRouter, run } from '../test/lab';
import { openDatabase } from '../db/index';
import { configSchema } from '../src/config/schema';
import { syncConfig } from '../src/inventory/sync';
import { sweep } from '../src/discovery/sweep';
import { addressesOf, contains, prefixSet } from '../src/discovery/prefixes';
import { machine, writeSection } from './results';

const PREFIX = 'yn-dsc';
const ROUTED = '198.19.0.0/16';
const custom = process.env.DSC_BENCH_PREFIXES;
const rows = (custom ?? '198.19.0.0/18,198.19.0.0/17,198.19.0.0/16').split(',');
const rate = Number(process.env.DSC_BENCH_RATE ?? 2000);
const timeoutMs = 200;
for (const p of rows) if (!contains(prefixSet([ROUTED]), p.split('/')[0]) || Number(p.split('/')[1]) < 16) throw new Error(`DSC_BENCH_PREFIXES ${p}: use prefixes inside ${ROUTED}`);
// Another lab's route inside the /16 would take part of the sweep away from the bench namespace.
const routed = run('ip', ['route', 'show', 'root', ROUTED]).trim();
if (routed) throw new Error(`${ROUTED} is already (partly) routed on this machine (${routed.split('\n')[0]}); run the benchmark when that lab is down`);

await cleanupLab(PREFIX);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-dsc-bench-'));
const router = createRouter({ prefix: PREFIX, name: 'bench', ipv4: { root: '198.18.255.249', ns: '198.18.255.250', prefixLength: 30 }, routedIpv4: [ROUTED] });
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
const lines: string[] = [];
try {
  const database = await openDatabase(path.join(dir, 'y.db'));
  for (const range of rows) {
    const config = configSchema.parse({
      credentials: { bench: { version: '2c', community: 'bench-nobody-answers' } },
      discovery: { enabled: true, ranges: [range], credentials: ['bench'], rate_per_second: rate },
    });
    await syncConfig(database.db, config);
    let addresses = 0;
    for (const _ of addressesOf(range)) addresses++;
    const bound = (addresses / rate) * 1.1;
    const txFile = `/sys/class/net/${router.rootIf}/statistics/tx_packets`;
    const tx0 = Number(fs.readFileSync(txFile, 'utf8'));
    const m0 = process.memoryUsage();
    const peak = { rss: m0.rss, heap: m0.heapUsed };
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peak.rss = Math.max(peak.rss, m.rss);
      peak.heap = Math.max(peak.heap, m.heapUsed);
    }, 50);
    const r = await sweep(database.db, config.discovery, { timeoutMs });
    clearInterval(sampler);
    const packets = Number(fs.readFileSync(txFile, 'utf8')) - tx0;
    const line = `| ${range} | ${r.addresses} | 1 (v2c) | ${rate}/s | ${r.requests} | ${packets} | ${r.durationSeconds.toFixed(2)} s | ${bound.toFixed(2)} s | ${r.durationSeconds <= bound ? 'yes' : '**no**'} | ${mb(peak.rss - m0.rss)} | ${mb(peak.heap)} | ${mb(peak.rss)} |`;
    console.log(line);
    lines.push(line);
  }
  await database.close();
  if (!custom)
    writeSection(
    'Discovery sweep',
    `\`npm run bench:discovery\` — ${machine()}.

Sweeps of prefixes where nothing answers (${ROUTED} routed into a lab namespace that drops every request), one
after the other in one process, one v2c credential, ${timeoutMs} ms timeout, no retries. The bound is
addresses × credentials / rate + 10 %; packets are counted at the namespace's veth (the requests plus the odd ARP).
Memory: peak RSS growth of the benchmark process during the row, peak V8 heap in use, and peak RSS (addresses are
generated one at a time; requests in flight are bounded by rate × (timeout + 250 ms)).

| prefix | addresses | credentials | rate | requests | packets | took | bound | within | peak RSS growth | peak heap used | peak RSS |
|---|---|---|---|---|---|---|---|---|---|---|---|
${lines.join('\n')}`,
  );
} finally {
  await cleanupLab(PREFIX);
}
