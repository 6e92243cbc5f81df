import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';

const now = () => new Date();

/** Agents a sweep (or an LLDP neighbour) found that are not in the inventory yet. */
export const discoveryCandidates = sqliteTable(
  'discovery_candidates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    address: text('address').notNull().unique(),
    port: integer('port').notNull().default(161),
    sysName: text('sys_name'),
    sysObjectId: text('sys_object_id'),
    sysDescr: text('sys_descr'),
    vendor: text('vendor'),
    unit: text('unit'),
    /** Name of the credential that answered (never the secret); null for LLDP proposals not yet asked. */
    credential: text('credential'),
    source: text('source', { enum: ['sweep', 'lldp'] }).notNull(),
    /** new: waiting; approved: now a device; ignored: an admin said no; moved: a known device at a new address. */
    status: text('status', { enum: ['new', 'approved', 'ignored', 'moved'] }).notNull().default('new'),
    /** For status moved: the inventory device that answered here. */
    knownDevice: text('known_device'),
    firstSeen: integer('first_seen', { mode: 'timestamp' }).notNull().$defaultFn(now),
    lastSeen: integer('last_seen', { mode: 'timestamp' }).notNull().$defaultFn(now),
  },
  (t) => [index('discovery_candidates_status_idx').on(t.status)],
);
export type CandidateRow = typeof discoveryCandidates.$inferSelect;
