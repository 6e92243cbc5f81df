// npm run bench:traps — yunet's trap receiver vs Debian's snmptrapd, the same trap streams (encoded by net-snmp and by
// snmptrap) on loopback, with equal socket receive buffers. Writes the "Trap receiver benchmark" section of RESULTS.md.
import { execFile, execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import snmp from 'net-snmp';
import { processCpuSeconds, processPeakRssMb } from './measure';
import { machine, writeSection } from './results';
import { withRequestIds } from '../test/hostile/trap-datagrams';
import { NODE_FLAGS } from '../src/node-flags';

const RATES = (process.env.BENCH_TRAP_RATES ?? '5000,10000,20000').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_TRAP_SECONDS ?? 10);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-bench-traps-'));
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  const { port } = s.address();
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Listens once on loopback and returns what `send(port)` delivered there. */
async function capture(count: number, send: (port: number) => Promise<void>): Promise<Buffer[]> {
  const sink = dgram.createSocket('udp4');
  const got: Buffer[] = [];
  sink.on('message', (m) => got.push(m));
  await new Promise<void>((r) => sink.bind(0, '127.0.0.1', () => r()));
  try {
    await send(sink.address().port);
    for (let i = 0; i < 100 && got.length < count; i++) await sleep(10);
  } finally {
    sink.close();
  }
  if (got.length !== count) throw new Error(`captured ${got.length} of ${count} datagrams`);
  return got;
}

/** The four traps of the stream: linkDown, coldStart, a Huawei config change, an enterprise trap with a Chinese string. */
const TRAPS: { oid: string; varbinds: { oid: string; type: 'i' | 's'; value: string }[] }[] = [
  { oid: '1.3.6.1.6.3.1.1.5.3', varbinds: [{ oid: '1.3.6.1.2.1.2.2.1.1.3', type: 'i', value: '3' }, { oid: '1.3.6.1.2.1.2.2.1.7.3', type: 'i', value: '1' }, { oid: '1.3.6.1.2.1.2.2.1.8.3', type: 'i', value: '2' }] },
  { oid: '1.3.6.1.6.3.1.1.5.1', varbinds: [] },
  { oid: '1.3.6.1.4.1.2011.5.25.191.3.1', varbinds: [{ oid: '1.3.6.1.4.1.2011.5.25.191.1.1.0', type: 'i', value: '42' }] },
  { oid: '1.3.6.1.4.1.99999.0.7', varbinds: [{ oid: '1.3.6.1.4.1.99999.1.1.0', type: 's', value: '机房温度过高 / room temperature high' }] },
];

/** The traps as net-snmp (the Node package yunet uses) encodes them. */
function encodedByNodeNetSnmp(): Promise<Buffer[]> {
  return capture(TRAPS.length, async (port) => {
    const session = snmp.createSession('127.0.0.1', 'public', { version: snmp.Version2c, trapPort: port });
    try {
      for (const t of TRAPS) {
        const vbs = t.varbinds.map((v) =>
          v.type === 'i' ? { oid: v.oid, type: snmp.ObjectType.Integer, value: Number(v.value) } : { oid: v.oid, type: snmp.ObjectType.OctetString, value: Buffer.from(v.value) },
        );
        await new Promise<void>((r, j) => session.trap(t.oid, vbs, (e) => (e ? j(e) : r())));
      }
    } finally {
      session.close();
    }
  });
}

/** The same traps as Net-SNMP's C tool `snmptrap` encodes them (what most devices' stacks and scripts send). */
function encodedBySnmptrap(): Promise<Buffer[]> {
  return capture(TRAPS.length, async (port) => {
    for (const t of TRAPS) {
      const args = ['-v', '2c', '-c', 'public', '-M', '/nonexistent', '-m', '', `udp:127.0.0.1:${port}`, '', t.oid, ...t.varbinds.flatMap((v) => [v.oid, v.type, v.value])];
      await new Promise<void>((r, j) => execFile('snmptrap', args, { env: { ...process.env, MIBS: '' } }, (e) => (e ? j(e) : r())));
    }
  });
}

/** The receive buffer the kernel granted the socket bound to `port` (skmem rb of `ss -u -m`), bytes. */
function receiveBuffer(port: number): number {
  const out = execFileSync('ss', ['-u', '-a', '-n', '-m', 'sport', '=', `:${port}`], { encoding: 'utf8' });
  const rb = /rb(\d+)/.exec(out);
  if (!rb) throw new Error(`ss shows no socket on UDP port ${port}:\n${out}`);
  return Number(rb[1]);
}

/** Kernel drops on the UDP socket bound to `port` (last column of /proc/net/udp). */
function socketDrops(port: number): number {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const line = fs.readFileSync('/proc/net/udp', 'utf8').split('\n').find((l) => l.trim().split(/\s+/)[1]?.endsWith(`:${hex}`));
  if (!line) throw new Error(`no UDP socket on port ${port} in /proc/net/udp`);
  return Number(line.trim().split(/\s+/).at(-1));
}

function udpRcvbufErrors(): number {
  const lines = fs.readFileSync('/proc/net/snmp', 'utf8').split('\n').filter((l) => l.startsWith('Udp:'));
  const [head, vals] = lines.map((l) => l.split(/\s+/));
  return Number(vals[head.indexOf('RcvbufErrors')]);
}

/** Sends the stream at `rate` per second for SECONDS, paced against the clock. Returns what went out and the achieved rate. */
async function blast(port: number, datagrams: Buffer[], rate: number): Promise<{ sent: number; seconds: number }> {
  const sock = dgram.createSocket('udp4');
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  sock.connect(port, '127.0.0.1');
  await new Promise<void>((r) => sock.once('connect', () => r()));
  const total = rate * SECONDS;
  let sent = 0;
  const t0 = performance.now();
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate));
    while (sent < due) {
      sock.send(datagrams[sent % datagrams.length]);
      sent++;
    }
    await sleep(2);
  }
  const seconds = (performance.now() - t0) / 1000;
  await sleep(50);
  sock.close();
  return { sent, seconds };
}

interface Result {
  receiver: string;
  encoder: string;
  /** The socket's receive buffer as granted by the kernel, bytes. */
  receiveBuffer: number;
  rate: number;
  sent: number;
  achieved: number;
  kernelDrops: number;
  stored: number;
  cpuSeconds: number;
  peakRssMb: number;
  drainSeconds: number;
}

function ask(child: ChildProcess, cmd: string): Promise<Record<string, number>> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m as Record<string, number>));
    child.send({ cmd });
  });
}

async function runYunet(encoder: string, datagrams: Buffer[], rate: number): Promise<Result> {
  const port = await freePort();
  const child = fork(path.join(import.meta.dirname, 'trap-receiver.ts'), [String(port), path.join(tmp, `yunet-${rate}-${encoder.split(" ")[0]}.db`)], { execArgv: [...NODE_FLAGS, '--import', 'tsx'], stdio: 'inherit' });
  await new Promise<void>((r) => child.once('message', () => r()));
  const buffer = receiveBuffer(port);
  const cpu0 = processCpuSeconds(child.pid!);
  const { sent, seconds } = await blast(port, datagrams, rate);
  const t0 = performance.now();
  // Drained when every datagram that passed the kernel is accounted for and nothing waits to be written.
  let s = await ask(child, 'status');
  for (let last = -1; s.pending > 0 || s.accepted + s.rejected !== last; ) {
    last = s.accepted + s.rejected;
    await sleep(200);
    s = await ask(child, 'status');
  }
  const drainSeconds = (performance.now() - t0) / 1000;
  const kernelDrops = socketDrops(port);
  const cpuSeconds = processCpuSeconds(child.pid!) - cpu0;
  const peakRssMb = processPeakRssMb(child.pid!);
  const end = await ask(child, 'stop');
  return { receiver: 'yunet', encoder, receiveBuffer: buffer, rate, sent, achieved: sent / seconds, kernelDrops, stored: end.stored, cpuSeconds, peakRssMb, drainSeconds };
}

async function runSnmptrapd(encoder: string, datagrams: Buffer[], rate: number): Promise<Result> {
  const port = await freePort();
  const conf = path.join(tmp, 'snmptrapd.conf');
  const log = path.join(tmp, `snmptrapd-${rate}-${encoder.split(" ")[0]}.log`);
  // The same receive buffer yunet asks for (8 MiB; the kernel caps both at net.core.rmem_max).
  fs.writeFileSync(conf, 'authCommunity log public\n[snmp] serverRecvBuf 8388608\n');
  const child = spawn('snmptrapd', ['-f', '-Lf', log, '-C', '-c', conf, '-M', '/nonexistent', '-m', '', `udp:127.0.0.1:${port}`], { stdio: 'ignore', env: { ...process.env, MIBS: '' } });
  for (let i = 0; i < 100 && !(fs.existsSync(log) && fs.readFileSync(log, 'utf8').includes('NET-SNMP version')); i++) await sleep(50);
  const buffer = receiveBuffer(port);
  const cpu0 = processCpuSeconds(child.pid!);
  const { sent, seconds } = await blast(port, datagrams, rate);
  // One header line per trap: "2026-12-01 05:24:43 localhost [UDP: [127.0.0.1]:58094->[127.0.0.1]:PORT]:"
  const traps = () => (fs.readFileSync(log, 'utf8').match(/^\d{4}-\d\d-\d\d .*->\[127\.0\.0\.1\]:\d+\]:$/gm) ?? []).length;
  const t0 = performance.now();
  for (let last = -1, n = traps(); n !== last; ) {
    last = n;
    await sleep(300);
    n = traps();
  }
  const drainSeconds = (performance.now() - t0) / 1000;
  const kernelDrops = socketDrops(port);
  const cpuSeconds = processCpuSeconds(child.pid!) - cpu0;
  const peakRssMb = processPeakRssMb(child.pid!);
  child.kill('SIGTERM');
  await new Promise<void>((r) => child.once('exit', () => r()));
  return { receiver: 'snmptrapd', encoder, receiveBuffer: buffer, rate, sent, achieved: sent / seconds, kernelDrops, stored: traps(), cpuSeconds, peakRssMb, drainSeconds };
}

/**
 * Every trap of a run its own datagram, as a device's traps are (their request ids differ): the receiver stores
 * identical datagrams once. The four traps round-robin, each copy with the next request id.
 */
const distinct = (four: Buffer[]) => {
  const n = Math.max(...RATES) * SECONDS;
  const copies = four.map((d) => withRequestIds(d, Math.ceil(n / four.length)));
  return Array.from({ length: n }, (_, i) => copies[i % four.length][Math.floor(i / four.length)]);
};
const streams: [string, Buffer[]][] = [
  ['net-snmp (Node)', distinct(await encodedByNodeNetSnmp())],
  ['snmptrap (C)', distinct(await encodedBySnmptrap())],
];
const rcvbuf0 = udpRcvbufErrors();
const results: Result[] = [];
for (const [encoder, datagrams] of streams) {
  for (const rate of RATES) {
    results.push(await runYunet(encoder, datagrams, rate));
    results.push(await runSnmptrapd(encoder, datagrams, rate));
  }
}
const rcvbuf = udpRcvbufErrors() - rcvbuf0;
fs.rmSync(tmp, { recursive: true, force: true });

const rows = results.map((r) => {
  const delivered = r.sent - r.kernelDrops;
  // Per trap the receiver processed (delivered past the kernel), not per trap sent.
  const perTrap = delivered ? (r.cpuSeconds / delivered) * 1e6 : NaN;
  return `| ${r.encoder} | ${r.receiver} | ${r.rate} | ${r.sent} (${Math.round(r.achieved)}/s) | ${(r.receiveBuffer / 2 ** 20).toFixed(1)} MiB | ${r.kernelDrops} | ${delivered} | ${r.stored} | ${r.stored === delivered ? 'yes' : `**no** (${delivered - r.stored} lost)`} | ${r.cpuSeconds.toFixed(2)} s (${((r.cpuSeconds / (r.sent / r.achieved)) * 100).toFixed(0)}% of a core) | ${perTrap.toFixed(1)} µs | ${r.peakRssMb.toFixed(0)} MB | ${r.drainSeconds.toFixed(1)} s |`;
});
const body = `\`npm run bench:traps\` — ${machine()}.

A sender on loopback replays 4 SNMPv2c traps (linkDown with ifIndex/ifAdminStatus/ifOperStatus, coldStart, Huawei
hwCfgChgNotify, an enterprise trap with a Chinese string) round-robin, paced against the clock for ${SECONDS} s per run, each
datagram with its own request id (yunet stores identical datagrams once), in two encodings captured once each: by net-snmp (the Node package yunet is built on) and by Net-SNMP's C tool
\`snmptrap\` (what most scripts and agents send). Each stream goes first to yunet's receiver (\`src/traps\`: net-snmp
createReceiver, community check, device lookup, trap recognition, metrics, batched SQLite inserts; run alone in a child
process with yunet's node flags), then to Debian's \`snmptrapd -f -Lf FILE -C -c CONF\` (\`authCommunity log public\`, one log entry per trap).
Both receivers ask for an 8 MiB socket receive buffer (yunet itself; snmptrapd through \`serverRecvBuf\` in its
configuration); the "receive buffer" column is what the kernel granted, read with \`ss -m\` (the kernel caps requests at
net.core.rmem_max = ${fs.readFileSync('/proc/sys/net/core/rmem_max', 'utf8').trim()} bytes and doubles them for bookkeeping).
Kernel drops are the receiving socket's drop counter in /proc/net/udp, read after the receiver has drained; "stored"
is rows in the events table (yunet) or trap entries in the log file (snmptrapd). CPU is utime + stime of the receiving
process from /proc/PID/stat over the send and drain, and CPU per trap divides it by the traps that reached the receiver
(sent − kernel drops). Peak RSS is VmHWM from /proc/PID/status (yunet's includes the tsx loader of its child process).
The sender runs on the same 2 cores.

| encoded by | receiver | rate /s | sent | receive buffer | kernel drops | delivered | stored | all delivered stored | CPU | CPU per trap processed | peak RSS | drain after send |
|---|---|---|---|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}

UDP RcvbufErrors in /proc/net/snmp grew by ${rcvbuf} during the whole run (system-wide, all sockets).
`;
console.log(body);
writeSection('Trap receiver benchmark', body);
