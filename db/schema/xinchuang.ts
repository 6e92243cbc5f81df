import { integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { devices } from './inventory';

const now = () => new Date();

/**
 * 信创 yearly targets per unit, set over the API like the 5G build targets per town: the domestic share
 * (0..1) a unit should reach by the end of the year. Unit "*" is the district (no units row, so no foreign key).
 */
export const xinchuangTargets = sqliteTable(
  'xinchuang_targets',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    year: integer('year').notNull(),
    unit: text('unit').notNull(),
    ratio: real('ratio').notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp' }).notNull().$defaultFn(now),
  },
  (t) => [uniqueIndex('xinchuang_targets_uq').on(t.year, t.unit)],
);

/** A device's identity as the operator states it over the API; wins over the config's and the agent's. */
export const xinchuangOverrides = sqliteTable('xinchuang_overrides', {
  device: text('device')
    .primaryKey()
    .references(() => devices.name, { onUpdate: 'cascade', onDelete: 'cascade' }),
  vendor: text('vendor'),
  model: text('model'),
  version: text('version'),
  role: text('role', { enum: ['core', 'aggregation', 'access', 'security'] }),
  updatedAt: integer('updated_at', { mode: 'timestamp' }).notNull().$defaultFn(now),
});
