import { eq, and, ne, notInArray, inArray } from 'drizzle-orm';
import type { Db } from '../../db/index';
import { credentials, devices, units } from '../../db/schema/inventory';
import type { Config, DeviceConfig, UnitConfig } from '../config/schema';
import { ConfigError } from '../config/load';

/**
 * Upserts credentials, units and devices from the configuration file in one transaction.
 * Devices that came from an earlier version of the file and are gone from it are removed;
 * devices added over the API are left alone. Credentials gone from the file are deleted, unless a
 * device still uses one: that is a configuration error naming the device, and nothing changes.
 */
export async function syncConfig(db: Db, config: Config, source: 'config' | 'demo' = 'config', file = 'configuration'): Promise<void> {
  await db.transaction(async (tx) => {
    // Inside the transaction: no real device can be written between the check and the demo fleet's rows.
    if (source === 'demo') await refuseDemoOverRealInventory(tx);
    for (const [name, cred] of Object.entries(config.credentials)) {
      const row = { name, version: cred.version, secret: JSON.stringify(cred), updatedAt: new Date() };
      await tx.insert(credentials).values(row).onConflictDoUpdate({ target: credentials.name, set: row });
    }
    for (const u of config.units) {
      const row = unitRow(u);
      await tx.insert(units).values(row).onConflictDoUpdate({ target: units.name, set: row });
    }
    for (const d of config.devices) {
      const row = deviceRow(d, source);
      await tx.insert(devices).values(row).onConflictDoUpdate({ target: devices.name, set: row });
    }
    const names = config.devices.map((d) => d.name);
    const stale = names.length
      ? and(eq(devices.source, source), notInArray(devices.name, names))
      : eq(devices.source, source);
    await tx.delete(devices).where(stale);
    // Switching from the demo to a real configuration (or back) drops the other mode's devices.
    await tx.delete(devices).where(eq(devices.source, source === 'config' ? 'demo' : 'config'));

    const kept = Object.keys(config.credentials);
    const gone = kept.length ? notInArray(credentials.name, kept) : undefined;
    const stillUsed = await tx
      .select({ device: devices.name, credential: devices.credential })
      .from(devices)
      .where(inArray(devices.credential, tx.select({ n: credentials.name }).from(credentials).where(gone)));
    if (stillUsed.length)
      throw new ConfigError(
        file,
        stillUsed.map((d) => `credentials: "${d.credential}" is gone from the file but device "${d.device}" (added over the API) still uses it; give the device another credential first, or keep the credential`),
      );
    await tx.delete(credentials).where(gone);
  });
}

/** A device as configured (file or API) → its inventory row: the one place the mapping is written. */
export function deviceRow(d: DeviceConfig, source: 'config' | 'demo' | 'api') {
  return {
    name: d.name,
    address: d.address,
    port: d.port,
    credential: d.credential,
    unit: d.unit ?? null,
    role: d.role ?? null,
    vendor: d.vendor,
    maxRepetitions: d.max_repetitions ?? null,
    pollerGroup: d.poller_group,
    enabled: d.enabled,
    srv6: d.srv6 ?? null,
    source,
    updatedAt: new Date(),
  };
}

export function unitRow(u: UnitConfig) {
  return { name: u.name, town: u.town ?? null, ipv4: u.ipv4, ipv6: u.ipv6, updatedAt: new Date() };
}

/** Demo mode never writes into a database that holds a real inventory. */
export async function refuseDemoOverRealInventory(db: Db): Promise<void> {
  const [real] = await db.select({ name: devices.name }).from(devices).where(ne(devices.source, 'demo')).limit(1);
  if (real)
    throw new ConfigError('demo mode', [
      `the database already holds a real inventory (device "${real.name}"); the demo fleet would write into it. Start with --config FILE (or $YUNET_CONFIG), or point YUNET_DB at another file`,
    ]);
}
