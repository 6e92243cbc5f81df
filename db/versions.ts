import { inArray } from 'drizzle-orm';
import type { Db } from './index';
import { tableVersions } from './schema/inventory';

/** Tables whose writes the triggers of migration 0011 count. */
export type VersionedTable = 'devices' | 'units' | 'credentials' | 'xinchuang_targets' | 'xinchuang_overrides';

/** One string that changes with every write to the named tables, through any connection. */
export async function versionOf(db: Db, tables: VersionedTable[]): Promise<string> {
  const rows = await db.select().from(tableVersions).where(inArray(tableVersions.name, tables));
  return rows
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((r) => `${r.name}:${r.version}`)
    .join('|');
}
