import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema';
import { createLogger } from '../../src/log';
import { createYunet } from '../../src/yunet';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freeUdpPort } from '../lab/ports';
import { testDatabase } from '../support/database';

describe('poll cycles', () => {
  it('run one at a time from the start: the start-up poll and the first ticks never overlap', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-cycles-'));
    const lines: string[] = [];
    // A device that never answers keeps each cycle at about 1.3 s, longer than the 1 s schedule.
    const config = configSchema.parse({
      database: await testDatabase(path.join(dir, 'y.db')),
      traps: { enabled: false },
      polling: { schedule: '* * * * * *', timeout_ms: 600, retries: 0 },
      credentials: { c: { version: '2c', community: 'x' } },
      devices: [{ name: 'silent', address: '127.0.0.1', port: await freeUdpPort(), credential: 'c' }],
    });
    const y = await createYunet({ config, log: createLogger('info', (l) => lines.push(l)) });
    await new Promise((r) => setTimeout(r, 4500));
    await y.close();
    fs.rmSync(dir, { recursive: true, force: true });
    // Each cycle logs when it ends and how long it took: its start is end - duration.
    const cycles = lines
      .map((l) => /^(\S+) info {2}poll cycle cycle=(\d+) .* duration_s=([\d.]+)$/.exec(l))
      .filter((m) => m !== null)
      .map((m) => ({ n: Number(m[2]), end: Date.parse(m[1]), start: Date.parse(m[1]) - Number(m[3]) * 1000 }));
    expect(cycles.length).toBeGreaterThanOrEqual(2);
    expect(cycles.map((c) => c.n)).toEqual(cycles.map((_, i) => i + 1));
    for (let i = 1; i < cycles.length; i++) expect(cycles[i].start).toBeGreaterThanOrEqual(cycles[i - 1].end - 5);
    expect(lines.some((l) => l.includes('previous poll cycle still running; tick skipped'))).toBe(true);
  }, 30_000);
});
