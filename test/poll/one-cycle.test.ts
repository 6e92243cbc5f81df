import { describe, expect, it as plainIt } from 'vitest';
import { configSchema } from '../../src/config/schema';
import { createLogger, silentLogger } from '../../src/log';
import { createYunet } from '../../src/yunet';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freeUdpPort } from '../lab/ports';
import { testDatabase } from '../support/database';
import { itWith } from '../support/requirements';
import { startSnmpd } from '../support/snmpd';

const withSnmpd = itWith({ commands: ['snmpd', 'snmpget'] });

/** Each "poll cycle" log line: its number, start and end (it is logged at the end, with its duration), and whether partial. */
function cyclesIn(lines: string[]) {
  return lines
    .map((l) => /^(\S+) info {2}poll cycle cycle=(\d+) .* duration_s=([\d.]+)(?: partial=(\S+))?$/.exec(l))
    .filter((m) => m !== null)
    .map((m) => ({ n: Number(m[2]), end: Date.parse(m[1]), start: Date.parse(m[1]) - Number(m[3]) * 1000, partial: m[4] }));
}

describe('poll cycles', () => {
  plainIt('run one at a time from the start: the start-up poll and the first ticks never overlap', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-cycles-'));
    const lines: string[] = [];
    // A device that never answers keeps each cycle over 1.1 s (the start-up poll, which probes after the timeout, over
    // 2.2 s), longer than the 1 s schedule.
    const config = configSchema.parse({
      database: await testDatabase(path.join(dir, 'y.db')),
      traps: { enabled: false },
      polling: { schedule: '* * * * * *', timeout_ms: 1100, retries: 0 },
      credentials: { c: { version: '2c', community: 'x' } },
      devices: [{ name: 'silent', address: '127.0.0.1', port: await freeUdpPort(), credential: 'c' }],
    });
    const y = await createYunet({ config, log: createLogger('info', (l) => lines.push(l)) });
    await new Promise((r) => setTimeout(r, 5500));
    await y.close();
    fs.rmSync(dir, { recursive: true, force: true });
    const cycles = cyclesIn(lines);
    expect(cycles.length).toBeGreaterThanOrEqual(2);
    expect(cycles.map((c) => c.n)).toEqual(cycles.map((_, i) => i + 1));
    expect(cycles.filter((c) => c.partial)).toEqual([]);
    for (let i = 1; i < cycles.length; i++) expect(cycles[i].start).toBeGreaterThanOrEqual(cycles[i - 1].end - 5);
    // The first tick came during the start-up poll and waited for it; later ones found a cycle running and were skipped.
    expect(lines.some((l) => l.includes('tick came during the start-up poll'))).toBe(true);
    // The silent device's start-up poll ended after that tick: nothing to poll again.
    expect(lines.some((l) => l.includes('nothing to catch up'))).toBe(true);
    expect(lines.some((l) => l.includes('tick skipped'))).toBe(true);
  }, 30_000);

  withSnmpd('lose no tick to the start-up poll: what it reached before the first tick is polled again once it ends', async () => {
    const agent = await startSnmpd(['rocommunity public 127.0.0.1']);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-catch-up-'));
    const config = configSchema.parse({
      database: await testDatabase(path.join(dir, 'y.db')),
      traps: { enabled: false },
      polling: { timeout_ms: 800, retries: 0 },
      credentials: { c: { version: '2c', community: 'public' } },
      devices: [
        { name: 'answering', address: '127.0.0.1', port: agent.port, credential: 'c' },
        { name: 'silent', address: '127.0.0.1', port: await freeUdpPort(), credential: 'c' },
      ],
    });
    const y = await createYunet({ config, schedule: false, pollAtStart: false, log: silentLogger });
    try {
      const fleet = y.ctx.fleet;
      const answered = new Promise<void>((r) => fleet.onPolled((p) => p.device.name === 'answering' && r()));
      const startUp = y.runCycle();
      // The tick comes once the agent has answered, while the silent device still holds the start-up poll.
      await answered;
      await new Promise((r) => setTimeout(r, 5)); // past the millisecond of its lastPollAt
      const tickAt = Date.now();
      const caughtUp = await fleet.catchUp(tickAt);
      expect((await startUp).partial).toBe(null);
      expect(caughtUp).toMatchObject({ partial: 'catch-up', ok: 1, failed: 0 });
      expect(fleet.device('answering')!.state.lastPollAt!.getTime()).toBeGreaterThanOrEqual(tickAt);
      // The silent device's poll ended after the tick: it is not polled twice.
      expect(fleet.device('silent')!.state.lastPollAt!.getTime()).toBeGreaterThanOrEqual(tickAt);
      expect(fleet.device('silent')!.state.consecutiveFailures).toBe(1);
      // A tick after every device was polled finds nothing to catch up.
      expect(await fleet.catchUp(Date.now() - 1000)).toBe(null);
    } finally {
      await y.close();
      agent.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
