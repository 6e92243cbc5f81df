import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';
import type { Srv6Declaration } from '../../src/config/srv6';

const now = () => new Date();

/** SNMP credentials. `secret` holds the community or v3 keys as JSON; it never leaves the process. */
export const credentials = sqliteTable('credentials', {
  name: text('name').primaryKey(),
  version: text('version', { enum: ['1', '2c', '3'] }).notNull(),
  secret: text('secret').notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp' }).notNull().$defaultFn(now),
});

/** Organisational units (the bureau, a town office, ...) with their address plan. */
export const units = sqliteTable('units', {
  name: text('name').primaryKey(),
  town: text('town'),
  ipv4: text('ipv4', { mode: 'json' }).$type<string[]>().notNull().$defaultFn(() => []),
  ipv6: text('ipv6', { mode: 'json' }).$type<string[]>().notNull().$defaultFn(() => []),
  updatedAt: integer('updated_at', { mode: 'timestamp' }).notNull().$defaultFn(now),
});

export const devices = sqliteTable(
  'devices',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull().unique(),
    address: text('address').notNull(),
    port: integer('port').notNull().default(161),
    credential: text('credential')
      .notNull()
      .references(() => credentials.name, { onUpdate: 'cascade', onDelete: 'restrict' }),
    unit: text('unit').references(() => units.name, { onUpdate: 'cascade', onDelete: 'set null' }),
    role: text('role'),
    vendor: text('vendor', { enum: ['auto', 'huawei', 'h3c', 'cisco', 'ruijie', 'zte', 'linux'] })
      .notNull()
      .default('auto'),
    maxRepetitions: integer('max_repetitions'),
    /** Only nodes serving this poller group poll the device (several nodes: cluster.groups). */
    pollerGroup: text('poller_group').notNull().default('default'),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    /** Operator-declared SRv6 state {capable, enabled, locator}; null when undeclared. */
    srv6: text('srv6', { mode: 'json' }).$type<Srv6Declaration>(),
    /** 'config' rows are owned by yunet.yml and re-upserted at start; 'api' rows are managed over HTTP. */
    source: text('source', { enum: ['config', 'api', 'demo'] }).notNull().default('api'),
    createdAt: integer('created_at', { mode: 'timestamp' }).notNull().$defaultFn(now),
    updatedAt: integer('updated_at', { mode: 'timestamp' }).notNull().$defaultFn(now),
  },
  (t) => [index('devices_unit_idx').on(t.unit)],
);

export type DeviceRow = typeof devices.$inferSelect;
export type UnitRow = typeof units.$inferSelect;

/**
 * Write counters of tables that cached reports are built from, bumped by triggers (migration 0011) on every
 * insert, update and delete — through any connection, so other processes sharing the database move them too.
 * A report keyed by them is rebuilt only when its inputs changed, not on every heartbeat or trap written.
 */
export const tableVersions = sqliteTable('table_versions', {
  name: text('name').primaryKey(),
  version: integer('version').notNull(),
});
