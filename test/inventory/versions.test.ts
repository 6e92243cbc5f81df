import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { sharedDatabaseFile } from '../support/shared-db';
import { credentials, devices, units } from '../../db/schema/inventory';
import { storageProbe } from '../../db/schema/events';
import { versionOf } from '../../db/versions';

/** Cached reports are keyed by table versions the database's triggers keep: they move with inventory writes only. */
describe('table versions', () => {
  const connect = sharedDatabaseFile('yn-versions-');

  it('move with every insert, update and delete of their table, through any connection, and with nothing else', () => {
    const [a, b] = [connect(), connect()];
    const seen = [versionOf(b.db, ['devices', 'units'])];
    const moved = () => {
      const v = versionOf(b.db, ['devices', 'units']);
      const changed = v !== seen.at(-1);
      seen.push(v);
      return changed;
    };
    a.db.insert(credentials).values({ name: 'c', version: '2c', secret: '{}' }).run();
    expect(moved()).toBe(false);
    expect(versionOf(b.db, ['credentials'])).toBe('credentials:1'); // the poller re-reads sessions on it
    a.db.insert(devices).values({ name: 'sw-1', address: '198.18.0.1', credential: 'c' }).run();
    expect(moved()).toBe(true);
    a.db.update(devices).set({ unit: null, role: 'core' }).where(eq(devices.name, 'sw-1')).run();
    expect(moved()).toBe(true);
    a.db.insert(units).values({ name: '区政务数据局', ipv4: [], ipv6: [] }).run();
    expect(moved()).toBe(true);
    a.db.insert(storageProbe).values({ id: 1, at: Date.now() }).run();
    expect(moved()).toBe(false);
    a.db.delete(devices).where(eq(devices.name, 'sw-1')).run();
    expect(moved()).toBe(true);
    // Not a bare counter of this connection: b's reads see a's writes.
    expect(seen[0]).toBe('devices:0|units:0');
  });
});
