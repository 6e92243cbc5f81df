/**
 * Discovery sweep of a prefix where nothing answers: how long it takes against the bound
 * addresses × credentials / rate (+ 10 %), and how much memory it holds. The prefix (default 198.18.128.0/20,
 * DSC_BENCH_PREFIX=198.18.0.0/16 for the full figure; must lie in 198.18.128.0/17) is routed into a namespace of
 * its own, where every request is dropped. Needs root and iproute2. DSC_BENCH_RATE sets the rate (default 2000/s).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cleanupLab, createRouter, run } from '../test/lab';
import { openDatabase } from '../db/index';
import { configSchema } from '../src/config/schema';
import { syncConfig } from '../src/inventory/sync';
import { sweep } from '../src/discovery/sweep';
import { addressesOf } from '../src/discovery/prefixes';
import { machine, writeSection } from './results';

const PREFIX = 'yn-dsc';
const range = process.env.DSC_BENCH_PREFIX ?? '198.18.128.0/20';
const rate = Number(process.env.DSC_BENCH_RATE ?? 2000);
const timeoutMs = 200;
if (!/^198\.18\.(1[3-9]\d|12[89]|2[0-5]\d)\.\d+\/(1[7-9]|2\d|3[0-2])$/.test(range)) throw new Error(`DSC_BENCH_PREFIX ${range}: use a prefix inside 198.18.128.0/17`);
if (run('ip', ['route', 'show', 'root', range]).trim()) throw new Error(`${range} is already routed on this machine; pick another prefix`);

await cleanupLab(PREFIX);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-dsc-bench-'));
const router = createRouter({ prefix: PREFIX, name: 'bench', ipv4: { root: '198.19.230.249', ns: '198.19.230.250', prefixLength: 30 }, routedIpv4: [range] });
try {
  const config = configSchema.parse({
    credentials: { bench: { version: '2c', community: 'bench-nobody-answers' } },
    discovery: { enabled: true, ranges: [range], credentials: ['bench'], rate_per_second: rate },
  });
  const database = openDatabase(path.join(dir, 'y.db'));
  syncConfig(database.db, config);
  let addresses = 0;
  for (const _ of addressesOf(range)) addresses++;
  const bound = (addresses / rate) * 1.1;
  const txFile = `/sys/class/net/${router.rootIf}/statistics/tx_packets`;
  const tx0 = Number(fs.readFileSync(txFile, 'utf8'));
  const rss0 = process.memoryUsage().rss;
  let peakRss = rss0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const r = await sweep(database.db, config.discovery, { timeoutMs });
  clearInterval(sampler);
  const packets = Number(fs.readFileSync(txFile, 'utf8')) - tx0;
  database.close();
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
  const line = `| ${range} | ${r.addresses} | 1 (v2c) | ${rate}/s | ${r.requests} | ${packets} | ${r.durationSeconds.toFixed(2)} s | ${bound.toFixed(2)} s | ${r.durationSeconds <= bound ? 'yes' : '**no**'} | ${mb(peakRss - rss0)} |`;
  console.log(line);
  writeSection(
    'Discovery sweep',
    `\`npm run bench:discovery\` — ${machine()}.

A sweep of a prefix where nothing answers (routed into a lab namespace that drops every request), one v2c
credential, ${timeoutMs} ms timeout, no retries. The bound is addresses × credentials / rate + 10 %; packets are
counted at the namespace's veth (the requests plus the odd ARP). Memory: peak RSS growth of the benchmark process
during the sweep (addresses are generated one at a time; requests in flight are bounded by rate × timeout).

| prefix | addresses | credentials | rate | requests | packets | took | bound | within | peak RSS growth |
|---|---|---|---|---|---|---|---|---|---|
${line}`,
  );
} finally {
  await cleanupLab(PREFIX);
}
