import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/index';
import { credentials, devices } from '../../db/schema/inventory';
import { ConfigError } from '../../src/config/load';
import { configSchema } from '../../src/config/schema';
import { syncConfig } from '../../src/inventory/sync';
import { databaseTarget } from '../support/database';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
async function database() {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-sync-'));
  dirs.push(d);
  return openDatabase(await databaseTarget(path.join(d, 'y.db')));
}
const cfg = (raw: Record<string, unknown>) => configSchema.parse(raw);
const two = {
  credentials: { keep: { version: '2c', community: 'keep-me' }, drop: { version: '2c', community: 'drop-me' } },
  devices: [{ name: 'r1', address: '198.18.0.1', credential: 'keep' }],
};

describe('config → database', () => {
  it('deletes credentials that left the file', async () => {
    const { db, close } = await database();
    await syncConfig(db, cfg(two));
    await syncConfig(db, cfg({ ...two, credentials: { keep: two.credentials.keep } }));
    expect(await db.select({ name: credentials.name }).from(credentials)).toEqual([{ name: 'keep' }]);
    await close();
  });

  it('refuses to delete a credential a device added over the API still uses, naming the device, and changes nothing', async () => {
    const { db, close } = await database();
    await syncConfig(db, cfg(two));
    await db.insert(devices).values({ name: 'api-added', address: '198.18.0.9', credential: 'drop', source: 'api' });
    const attempt = () => syncConfig(db, cfg({ credentials: { keep: two.credentials.keep }, devices: [] }), 'config', 'yunet.yml');
    await expect(attempt()).rejects.toThrow(ConfigError);
    try {
      await attempt();
    } catch (e) {
      expect((e as ConfigError).problems).toEqual([
        'credentials: "drop" is gone from the file but device "api-added" (added over the API) still uses it; give the device another credential first, or keep the credential',
      ]);
    }
    // The whole sync rolled back: r1 is still there.
    expect((await db.select({ name: devices.name }).from(devices)).map((d) => d.name).sort()).toEqual(['api-added', 'r1']);
    expect(await db.select({ name: credentials.name }).from(credentials)).toHaveLength(2);
    await close();
  });

  it('never lets the demo fleet write into a database holding a real inventory', async () => {
    const { db, close } = await database();
    await syncConfig(db, cfg(two));
    await expect(syncConfig(db, cfg({ credentials: { d: { version: '2c', community: 'yunet-demo' } } }), 'demo')).rejects.toThrow(/already holds a real inventory \(device "r1"\)/);
    expect(await db.select({ name: devices.name }).from(devices)).toEqual([{ name: 'r1' }]);
    await close();
  });
});
