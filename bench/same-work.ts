/**
 * The exporter's work in yunet, as a program of its own: the system (sysUpTime …) and interfaces collectors in a
 * bare Fleet (no app listeners, no HTTP) over the lab fleet, CYCLES cycles. bench:poll bundles it with esbuild as
 * `npm run build` bundles yunet and runs it with yunet's node flags, so the CPU measured is that of the code users run,
 * not of a TypeScript loader. Prints one RESULT line of JSON.
 *
 *   BENCH_SAME_CONCURRENCY=16 BENCH_SAME_DEVICES=1000 BENCH_CYCLES=3 node same-work.mjs
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../db/index';
import { configSchema } from '../src/config/schema';
import { syncConfig } from '../src/inventory/sync';
import { Fleet } from '../src/poll/fleet';
import { seriesRenderer } from '../src/metrics/series';
import { segmentCounts } from '../src/metrics/gzip-segments';
import { createLogger } from '../src/log';
import { system } from '../collectors/system';
import { interfaces } from '../collectors/interfaces';
import { loopBlock, peakRssMb, timed, unchangedShare } from './measure';
import { CYCLES, fleetDevices } from './poll-fleet';

export const RESULT = 'BENCH_SAME_WORK_RESULT ';

export interface SameCycle {
  wallSeconds: number;
  cpuSeconds: number;
  varbinds: number;
  ok: number;
  failed: number;
  maxBlockMs: number;
  /** Of the families rendered, the share unchanged since the poll before (kept, not compressed again). */
  familiesUnchanged: number;
}

export interface SameRun {
  runs: SameCycle[];
  peakRssMb: number;
}

async function sameWork(concurrency: number, devices: number): Promise<SameRun> {
  const dir = mkdtempSync(join(tmpdir(), 'yunet-bench-'));
  const config = configSchema.parse({
    polling: { concurrency, timeout_ms: 2000, retries: 1, max_repetitions: 25 },
    credentials: { public: { version: '2c', community: 'public' } },
    devices: fleetDevices(devices),
    database: { path: join(dir, 'yunet.db') },
  });
  const database = await openDatabase(config.database.path);
  await syncConfig(database.db, config);
  const fleet = new Fleet(database.db, config.polling, createLogger('warn'), seriesRenderer, [system, interfaces]);
  try {
    const runs: SameCycle[] = [];
    for (let i = 0; i < CYCLES; i++) {
      const v0 = fleet.totals.varbinds;
      const f0 = { ...segmentCounts };
      const { result, maxBlockMs } = await loopBlock(() => timed(() => fleet.runCycle()));
      const c = { wallSeconds: result.wallSeconds, cpuSeconds: result.cpuSeconds, varbinds: fleet.totals.varbinds - v0, ok: result.result.ok, failed: result.result.failed, maxBlockMs,
        familiesUnchanged: unchangedShare(f0, segmentCounts) };
      runs.push(c);
      console.log(`  bare Fleet, concurrency ${concurrency}, cycle ${i + 1}: ${c.wallSeconds.toFixed(2)} s wall, ${c.cpuSeconds.toFixed(2)} s CPU, ${c.varbinds} varbinds, ${c.ok} ok / ${c.failed} failed`);
    }
    return { runs, peakRssMb: peakRssMb() };
  } finally {
    fleet.close();
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.env.BENCH_SAME_CONCURRENCY) {
  sameWork(Number(process.env.BENCH_SAME_CONCURRENCY), Number(process.env.BENCH_SAME_DEVICES ?? 1000))
    .then((r) => console.log(RESULT + JSON.stringify(r)))
    .catch((e) => {
      console.error(e);
      process.exitCode = 1;
    });
}
