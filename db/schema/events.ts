import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';

/** One varbind of a stored trap, values rendered as text (Counter64 and octet strings stay exact). */
export interface EventVarbind {
  oid: string;
  /** net-snmp ObjectType name: Integer, OctetString, OID, TimeTicks, Counter64, ... */
  type: string;
  value: string;
}

export const eventKinds = ['trap', 'inform', 'rejected'] as const;
export const eventCategories = ['restart', 'link', 'auth', 'config', 'other', 'rejected'] as const;

/**
 * Traps and informs as received (and datagrams rejected for credentials), newest last.
 * `device` is null when the source address matches no device in inventory.
 */
export const events = sqliteTable(
  'events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    time: integer('time', { mode: 'timestamp_ms' }).notNull(),
    source: text('source').notNull(),
    device: text('device'),
    kind: text('kind', { enum: eventKinds }).notNull(),
    /** SNMP version of the datagram: 1, 2c or 3; null for rejected datagrams we could not read. */
    version: text('version'),
    /** snmpTrapOID (v1 traps translated per RFC 3584); the rejection reason for rejected datagrams. */
    trapOid: text('trap_oid').notNull(),
    /** Recognised name (linkDown, ciscoConfigManEvent, ...) or "other". */
    trap: text('trap').notNull(),
    category: text('category', { enum: eventCategories }).notNull(),
    /** One line a person reads: "GigabitEthernet0/1 (ifIndex 3) down". */
    summary: text('summary').notNull(),
    varbinds: text('varbinds', { mode: 'json' }).$type<EventVarbind[]>().notNull(),
  },
  (t) => [index('events_time_idx').on(t.time), index('events_device_time_idx').on(t.device, t.time), index('events_trap_idx').on(t.trap)],
);

export type EventRow = typeof events.$inferSelect;
export type NewEvent = typeof events.$inferInsert;
