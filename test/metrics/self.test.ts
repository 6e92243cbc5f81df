import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema';
import { silentLogger } from '../../src/log';
import { createYunet } from '../../src/yunet';
import { testDatabase } from '../support/database';

describe("yunet's own metrics", () => {
  it('use the standard process and Node.js names, and report the longest event-loop block since the last scrape', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-self-'));
    const y = await createYunet({ config: configSchema.parse({ database: await testDatabase(path.join(dir, 'y.db')), traps: { enabled: false } }), schedule: false, pollAtStart: false, log: silentLogger });
    try {
      await (await y.app.request('/metrics')).text();
      // Block the loop for ~120 ms: the next scrape must see a block at least that long.
      const until = Date.now() + 120;
      while (Date.now() < until);
      await new Promise((r) => setTimeout(r, 20));
      const text = await (await y.app.request('/metrics')).text();
      for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes', 'nodejs_gc_duration_seconds'])
        expect(text, name).toMatch(new RegExp(`^# TYPE ${name} `, 'm'));
      expect(text).not.toContain('yunet_process_');
      const block = Number(/^yunet_event_loop_block_max_seconds (\S+)$/m.exec(text)?.[1]);
      expect(block).toBeGreaterThanOrEqual(0.1);
      // Reset by the scrape: the next one sees only what happened since.
      const next = Number(/^yunet_event_loop_block_max_seconds (\S+)$/m.exec(await (await y.app.request('/metrics')).text())?.[1]);
      expect(next).toBeLessThan(0.1);
    } finally {
      await y.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
