import { eq, and, notInArray } from 'drizzle-orm';
import type { Db } from '../../db/index';
import { credentials, devices, units } from '../../db/schema/inventory';
import type { Config } from '../config/schema';

/**
 * Upserts credentials, units and devices from the configuration file in one transaction.
 * Devices that came from an earlier version of the file and are gone from it are removed;
 * devices added over the API are left alone.
 */
export function syncConfig(db: Db, config: Config, source: 'config' | 'demo' = 'config'): void {
  db.transaction((tx) => {
    for (const [name, cred] of Object.entries(config.credentials)) {
      const row = { name, version: cred.version, secret: JSON.stringify(cred), updatedAt: new Date() };
      tx.insert(credentials).values(row).onConflictDoUpdate({ target: credentials.name, set: row }).run();
    }
    for (const u of config.units) {
      const row = { name: u.name, town: u.town ?? null, ipv4: u.ipv4, ipv6: u.ipv6, updatedAt: new Date() };
      tx.insert(units).values(row).onConflictDoUpdate({ target: units.name, set: row }).run();
    }
    for (const d of config.devices) {
      const row = {
        name: d.name,
        address: d.address,
        port: d.port,
        credential: d.credential,
        unit: d.unit ?? null,
        role: d.role ?? null,
        vendor: d.vendor,
        maxRepetitions: d.max_repetitions ?? null,
        enabled: d.enabled,
        srv6: d.srv6 ?? null,
        source,
        updatedAt: new Date(),
      };
      tx.insert(devices).values(row).onConflictDoUpdate({ target: devices.name, set: row }).run();
    }
    const names = config.devices.map((d) => d.name);
    const stale = names.length
      ? and(eq(devices.source, source), notInArray(devices.name, names))
      : eq(devices.source, source);
    tx.delete(devices).where(stale).run();
    // Switching from the demo to a real configuration (or back) drops the other mode's devices.
    tx.delete(devices).where(eq(devices.source, source === 'config' ? 'demo' : 'config')).run();
  });
}
