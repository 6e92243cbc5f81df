import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { sharedDatabaseFile } from '../support/shared-db';
import { credentials, devices, units } from '../../db/schema/inventory';
import { storageProbe } from '../../db/schema/events';
import { versionOf } from '../../db/versions';

/** Cached reports are keyed by table versions the database's triggers keep: they move with inventory writes only. */
describe('table versions', () => {
  const connect = sharedDatabaseFile('yn-versions-');

  it('move with every insert, update and delete of their table, through any connection, and with nothing else', async () => {
    const [a, b] = [await connect(), await connect()];
    const seen = [await versionOf(b.db, ['devices', 'units'])];
    const moved = async () => {
      const v = await versionOf(b.db, ['devices', 'units']);
      const changed = v !== seen.at(-1);
      seen.push(v);
      return changed;
    };
    await a.db.insert(credentials).values({ name: 'c', version: '2c', secret: '{}' });
    expect(await moved()).toBe(false);
    expect(await versionOf(b.db, ['credentials'])).toBe('credentials:1'); // the poller re-reads sessions on it
    await a.db.insert(devices).values({ name: 'sw-1', address: '198.18.0.1', credential: 'c' });
    expect(await moved()).toBe(true);
    await a.db.update(devices).set({ unit: null, role: 'core' }).where(eq(devices.name, 'sw-1'));
    expect(await moved()).toBe(true);
    await a.db.insert(units).values({ name: '区政务数据局', ipv4: [], ipv6: [] });
    expect(await moved()).toBe(true);
    await a.db.insert(storageProbe).values({ id: 1, at: Date.now() });
    expect(await moved()).toBe(false);
    await a.db.delete(devices).where(eq(devices.name, 'sw-1'));
    expect(await moved()).toBe(true);
    // Not a bare counter of this connection: b's reads see a's writes.
    expect(seen[0]).toBe('devices:0|units:0');
  });
});
