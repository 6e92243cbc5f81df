import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configSchema, type Config } from '../../src/config/schema';
import { createYunet, type Yunet } from '../../src/yunet';
import { createLogger } from '../../src/log';
import { testDatabase } from '../support/database';

/** A yunet instance for a lab test: temp database, no schedule, no poll at start, no trap listener, quiet log. */
export interface LabYunet {
  yunet: Yunet;
  /** GET /metrics through the app (no port needed). */
  metrics(path?: string): Promise<string>;
  close(): Promise<void>;
}

/** `config` is the raw YAML-shaped object; it is validated by the real config schema. */
export async function startLabYunet(config: Record<string, unknown>, opts: { listen?: boolean } = {}): Promise<LabYunet> {
  const dir = mkdtempSync(join(tmpdir(), 'yunet-lab-db-'));
  const parsed: Config = configSchema.parse({
    // Lab suites run side by side: no fixed-port listeners unless a suite asks for them.
    traps: { enabled: false },
    ...config,
    http: { port: 0, host: '127.0.0.1' },
    database: await testDatabase(join(dir, 'yunet.db')),
  });
  const yunet = await createYunet({ config: parsed, schedule: false, pollAtStart: false, log: createLogger('warn') });
  if (opts.listen) await yunet.listen();
  return {
    yunet,
    metrics: async (path = '/metrics') => {
      const res = await yunet.app.request(path);
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
      return res.text();
    },
    close: async () => {
      await yunet.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
