/**
 * `npm run bench:hostile`: every class of hostile input the test suite tries, at the sizes the issue names,
 * against the real process where it matters; writes the "Hostile input" section of RESULTS.md.
 * Needs snmpd, snmptrap and snmpinform (net-snmp's tools encode the trap datagrams).
 */
import { freeUdpPort } from '../test/lab/ports';
import { chunkedFlood } from '../test/hostile/body-flood';
import { configFuzz } from '../test/hostile/config-fuzz';
import { hostileModes, pollHostileDevices } from '../test/hostile/device-misbehaving';
import { trapFlood } from '../test/hostile/trap-flood';
import { trapMutation } from '../test/hostile/trap-mutation';
import { cellBomb, entriesBomb, longStringBomb, rowBomb, sharedStringsBomb, sizeBomb, stylesBomb } from '../test/hostile/xlsx-bomb';
import { startYunetProcess } from '../test/hostile/yunet-process';
import { machine, writeSection } from './results';

const MB = 1024 * 1024;
const mb = (n: number) => `${(n / MB).toFixed(1)} MB`;
const rows: string[] = [];
let crashes = 0;
const row = (...cells: (string | number)[]) => rows.push(`| ${cells.join(' | ')} |`);

// 1. Request bodies against the real process.
{
  const ADMIN = 'bench-hostile-admin-token-0123456789';
  const y = await startYunetProcess({}, { YUNET_ADMIN_TOKEN: ADMIN });
  for (const [what, path, headers] of [
    ['2 GB chunked POST to the sign-in form, no session', '/field/signin', { 'content-type': 'application/x-www-form-urlencoded', origin: y.url }],
    ['2 GB chunked POST to the import API, no token', '/api/import/stations', {}],
    ['2 GB chunked POST to the import API, admin token', '/api/import/stations', { authorization: `Bearer ${ADMIN}` }],
  ] as const) {
    const r = await chunkedFlood({ url: y.url, pid: y.pid, path, totalBytes: 2 * 1024 * MB, headers });
    console.log(what, r);
    row('body', what, 1, `HTTP ${r.status} after ${mb(r.bytesSent)} sent`, `peak RSS +${mb(r.peakAfter - r.peakBefore)}`, `/metrics answered ${r.scrapesOk}, failed ${r.scrapesFailed}`);
  }
  if ((await y.stop()) !== 0) crashes++;
}

// 2. Trap floods: the rates, twice the garbage, then past what one process reads (where the kernel drops).
for (const [garbage, seconds] of [[20_000, 10], [40_000, 10], [100_000, 2]] as const) {
  const r = await trapFlood({ seconds, garbagePerSecond: garbage, knownPerSecond: 5_000, port: await freeUdpPort() });
  console.log('trap flood', garbage, r);
  if (!r.alive) crashes++;
  row(
    'trap flood',
    `${(garbage / 1000).toFixed(0)}k/s wrong-community traps from 254 claimed sources + 5k/s from a known device, ${seconds} s`,
    r.garbageSent + r.knownSent,
    `known stored ${r.knownStored} of ${r.knownSent}; refusals counted ${r.rejectedCounted} of ${r.garbageSent}`,
    `peak RSS +${mb(r.peakRssAfter - r.peakRssBefore)}; database +${mb(r.dbBytesAfter - r.dbBytesBefore)} (${r.eventRows} event rows, ${r.rejectionRows} rejection rows)`,
    `/metrics failed ${r.scrapesFailed}; wall ${r.seconds.toFixed(1)} s`,
  );
}

// 3. Mutated real trap datagrams.
{
  const r = await trapMutation({ cases: 100_000, seed: 20261205, port: await freeUdpPort() });
  console.log('mutation', r);
  if (r.crashed) crashes++;
  const refused = Object.entries(r.rejected).map(([k, v]) => `${k} ${v}`).join(', ');
  row('trap datagrams', 'bit flips, truncation, bad lengths, splices of snmptrap/snmpinform datagrams (v1, v2c, inform, v3 authNoPriv/authPriv)', r.cases, `accepted ${r.accepted} (stored ${r.stored}, copies of a stored trap ${r.droppedDuplicate}); refused: ${refused}`, '—', r.crashed ? 'CRASHED' : 'no crash');
}

// 4. Configuration files.
{
  const t0 = performance.now();
  const r = configFuzz(10_000, 20261205);
  console.log('config', r);
  crashes += r.crashes.length;
  row('config files', 'grammar-aware mutants of a valid yunet.yml (typos, wrong types, deep nesting, alias bombs, cut-off text)', r.cases, `loaded ${r.loaded}, refused ${r.refused}; problems not naming a path: ${r.unnamed.length}`, '—', `${r.crashes.length} crashes, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

// 5. Misbehaving agents beside a healthy one.
{
  const { outcomes, cycleSeconds } = await pollHostileDevices({ max_device_series_bytes: 256 * 1024, max_walk_varbinds: 100_000 });
  const healthy = outcomes.get('healthy')!;
  const kinds = hostileModes.map((m) => `${m}: ${outcomes.get(m)!.kinds.join('+') || 'none'}`).join('; ');
  row('devices', `${hostileModes.length} misbehaving agents (${hostileModes.join(', ')}) and a real snmpd, one cycle`, hostileModes.length, kinds, '—', `healthy device up ${healthy.up}, errors ${healthy.kinds.length}; cycle ${cycleSeconds.toFixed(1)} s`);
}

// 6. Spreadsheet bombs, through the import code in this process.
{
  const { readTable } = await import('../src/field/sheets/table');
  for (const [what, make] of [
    ['XLSX unpacking to 300 MB', () => sizeBomb(300)],
    ['XLSX of 3,000,000 cells', () => cellBomb(3_000_000)],
    ['XLSX of 250,000 empty rows', () => rowBomb(250_000)],
    ['XLSX of 5,000 files', () => entriesBomb(5000)],
    ['XLSX of 3,000,000 shared strings', () => sharedStringsBomb(3_000_000)],
    ['XLSX with one 50 MB shared string', () => longStringBomb(50_000_000)],
    ['XLSX with a 38 MB styles part', () => stylesBomb(2_000_000)],
    ['CSV of 2,100,000 cells on one line', async () => Buffer.from(','.repeat(2_100_000))],
    ['CSV of 250,000 rows', async () => Buffer.from('code\n' + 'X\n'.repeat(250_000))],
  ] as const) {
    const file = await make();
    const peak0 = process.resourceUsage().maxRSS * 1024;
    const t0 = performance.now();
    const error = await readTable(file).then(() => 'accepted (!)', (e: Error) => e.message);
    row('spreadsheets', `${what} (${mb(file.length)} packed)`, 1, error, `peak RSS +${mb(process.resourceUsage().maxRSS * 1024 - peak0)}`, `refused in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  }
}

writeSection(
  'Hostile input',
  `\`npm run bench:hostile\` — ${machine()}.

Every class the test suite (\`test/hostile/\`) tries, at the sizes the issue names. Floods run against the real
yunet process (its own node, as \`npm start\` runs it); RSS is that process' VmHWM. The trap flood's sender
runs in the benchmark process on the same 2 cores. Past what the receiver reads (the last flood row), the kernel
drops datagrams from the full socket buffer whatever their sender, known devices included: yunet cannot see those
drops (node_exporter's \`node_netstat_Udp_RcvbufErrors\` does).

**Crashes: ${crashes}.**

| class | what | cases | outcome | memory / storage | notes |
|---|---|---|---|---|---|
${rows.join('\n')}
`,
);
console.log(`crashes: ${crashes}`);
process.exit(crashes ? 1 : 0);
