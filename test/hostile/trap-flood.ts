import dgram from 'node:dgram';
import fs from 'node:fs';
import path from 'node:path';
import { count, eq, sql } from 'drizzle-orm';
import { openDatabase, rows, type Store } from '../../db/index';
import { events, trapRejections } from '../../db/schema/events';
import { captureDatagram, withRequestIds } from './trap-datagrams';
import { memoryOf, startYunetProcess, type YunetProcess } from './yunet-process';

export interface TrapFloodResult {
  garbageSent: number;
  knownSent: number;
  /** Events from the known device found in the database afterwards. */
  knownStored: number;
  seconds: number;
  dbBytesBefore: number;
  dbBytesAfter: number;
  eventRows: number;
  rejectionRows: number;
  peakRssBefore: number;
  peakRssAfter: number;
  /** Scrapes of /metrics during the flood that failed or took over 5 s. */
  scrapesFailed: number;
  alive: boolean;
  /** What yunet's own counters say (yunet_snmp_traps_rejected_total by reason). */
  rejectedCounted: number;
  /** UDP datagrams the kernel dropped for a full receive buffer meanwhile (all sockets), before any program saw them. */
  kernelDrops: number;
}

/** The kernel's count of UDP datagrams dropped for a full receive buffer (Udp RcvbufErrors in /proc/net/snmp). */
function udpReceiveBufferErrors(): number {
  const lines = fs.readFileSync('/proc/net/snmp', 'utf8').split('\n').filter((l) => l.startsWith('Udp:'));
  const [names, values] = lines.map((l) => l.split(/\s+/).slice(1));
  return Number(values[names.indexOf('RcvbufErrors')]);
}

/** The database's size on disk: SQLite's file and WAL, or PostgreSQL's database. */
const dbBytes = async (y: YunetProcess, store: Store) =>
  y.database.startsWith('postgres')
    ? (await rows<{ n: number }>(store.db, sql`SELECT pg_database_size(current_database()) AS n`))[0].n
    : ['yunet.db', 'yunet.db-wal'].reduce((n, f) => n + (fs.existsSync(path.join(y.dir, f)) ? fs.statSync(path.join(y.dir, f)).size : 0), 0);

/**
 * A real yunet process with its trap receiver on loopback; `garbagePerSecond` wrong-community traps
 * spread over 254 claimed sources (127.0.0.2 …) and `knownPerSecond` traps from the inventory device
 * (127.0.0.1), paced for `seconds`.
 */
export async function trapFlood(opts: { seconds: number; garbagePerSecond: number; knownPerSecond: number; port: number }): Promise<TrapFloodResult> {
  const y = await startYunetProcess({
    traps: { enabled: true, port: opts.port, address: '127.0.0.1' },
    credentials: { lab: { version: '2c', community: 'lab-community' } },
    devices: [{ name: 'known', address: '127.0.0.1', credential: 'lab', enabled: false }],
  });
  try {
    // A device's traps differ at least in their request ids; identical datagrams would be stored once.
    const knownTraps = withRequestIds(await captureDatagram(['-v2c', '-c', 'lab-community', 'TARGET', '', '1.3.6.1.6.3.1.1.5.3', '1.3.6.1.2.1.2.2.1.1.3', 'i', '3']), opts.seconds * opts.knownPerSecond + 100);
    let nextKnown = 0;
    const known = () => knownTraps[nextKnown++ % knownTraps.length];
    const garbage = await captureDatagram(['-v2c', '-c', 'guessed-community', 'TARGET', '', '1.3.6.1.6.3.1.1.5.3', '1.3.6.1.2.1.2.2.1.1.3', 'i', '3']);
    // The receiver binds after the HTTP listener: wait until a known trap is stored.
    const deviceSock = dgram.createSocket('udp4');
    await new Promise<void>((r) => deviceSock.bind(0, '127.0.0.1', () => r()));
    const store = await openDatabase(y.database);
    const countKnown = async () => (await store.db.select({ n: count() }).from(events).where(eq(events.device, 'known')))[0].n;
    for (let i = 0; i < 100 && (await countKnown()) === 0; i++) {
      deviceSock.send(known(), opts.port, '127.0.0.1');
      await new Promise((r) => setTimeout(r, 100));
    }
    // A warm-up trap sent just before the first was stored may still be on its way: let the count settle.
    let warmup = await countKnown();
    for (let settled = -1; settled !== warmup; ) {
      settled = warmup;
      await new Promise((r) => setTimeout(r, 300));
      warmup = await countKnown();
    }
    const spoofers = await Promise.all(
      Array.from({ length: 254 }, async (_, i) => {
        const s = dgram.createSocket('udp4');
        await new Promise<void>((r) => s.bind(0, `127.0.0.${i + 2}`, () => r()));
        return s;
      }),
    );
    const dbBytesBefore = await dbBytes(y, store);
    const peakRssBefore = memoryOf(y.pid).peak;
    let scrapesFailed = 0;
    let flooding = true;
    const scraper = (async () => {
      while (flooding) {
        try {
          const res = await fetch(`${y.url}/metrics`, { signal: AbortSignal.timeout(5000) });
          await res.text();
          if (res.status !== 200) scrapesFailed++;
        } catch {
          scrapesFailed++;
        }
        await new Promise((r) => setTimeout(r, 250));
      }
    })();

    // Paced in 10 ms slots so both streams arrive at their rates, interleaved.
    const slots = opts.seconds * 100;
    let garbageSent = 0;
    const dropsBefore = udpReceiveBufferErrors();
    let knownSent = 0;
    const t0 = performance.now();
    for (let slot = 0; slot < slots; slot++) {
      const g = Math.round(((slot + 1) * opts.garbagePerSecond) / 100) - garbageSent;
      const k = Math.round(((slot + 1) * opts.knownPerSecond) / 100) - knownSent;
      for (let i = 0; i < Math.max(g, k); i++) {
        if (i < g) spoofers[(garbageSent + i) % spoofers.length].send(garbage, opts.port, '127.0.0.1');
        if (i < k) deviceSock.send(known(), opts.port, '127.0.0.1');
      }
      garbageSent += g;
      knownSent += k;
      const wait = t0 + (slot + 1) * 10 - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      else await new Promise((r) => setImmediate(r));
    }
    const seconds = (performance.now() - t0) / 1000;
    // Let the receiver write what it queued.
    let stored = 0;
    for (let i = 0; i < 50; i++) {
      stored = (await countKnown()) - warmup;
      if (stored >= knownSent) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    flooding = false;
    await scraper;
    const kernelDrops = udpReceiveBufferErrors() - dropsBefore;
    const metrics = await (await fetch(`${y.url}/metrics`)).text();
    const rejectedCounted = [...metrics.matchAll(/^yunet_snmp_traps_rejected_total\{reason="[^"]+"\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
    const [[{ n: eventRows }], [{ n: rejectionRows }]] = await Promise.all([store.db.select({ n: count() }).from(events), store.db.select({ n: count() }).from(trapRejections)]);
    const dbBytesAfter = await dbBytes(y, store);
    await store.close();
    for (const s of [...spoofers, deviceSock]) s.close();
    return {
      garbageSent,
      knownSent,
      knownStored: stored,
      seconds,
      dbBytesBefore,
      dbBytesAfter,
      eventRows,
      rejectionRows,
      peakRssBefore,
      peakRssAfter: memoryOf(y.pid).peak,
      scrapesFailed,
      alive: y.proc.exitCode === null,
      rejectedCounted,
      kernelDrops,
    };
  } finally {
    await y.stop();
  }
}
