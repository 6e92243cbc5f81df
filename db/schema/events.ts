import { sqliteTable, text, integer, index, primaryKey } from 'drizzle-orm/sqlite-core';

/** One varbind of a stored trap, values rendered as text (Counter64 and octet strings stay exact). */
export interface EventVarbind {
  oid: string;
  /** net-snmp ObjectType name: Integer, OctetString, OID, TimeTicks, Counter64, ... */
  type: string;
  value: string;
}

/** 'rejected' rows were written by earlier versions; rejections are now counted in trap_rejections. */
export const eventKinds = ['trap', 'inform', 'rejected'] as const;
/**
 * How sure yunet is of who sent an event: `authenticated` only for SNMPv3 authNoPriv/authPriv (the digest
 * proves the key); `unverified` for v1/v2c and noAuth v3, whose UDP source and community can be forged.
 */
export const attributions = ['authenticated', 'unverified'] as const;
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
    attribution: text('attribution', { enum: attributions }).notNull().default('unverified'),
    /** Stored size of the row's text, for the byte cap on the table. */
    bytes: integer('bytes').notNull().default(0),
    /**
     * Digest of the datagram's identity (source, version, request id, trap OID, uptime, varbinds): the same trap
     * received twice (by two nodes, or a retransmitted inform) is stored once. Null in rows of earlier versions.
     */
    fingerprint: text('fingerprint'),
  },
  (t) => [index('events_time_idx').on(t.time), index('events_fingerprint_idx').on(t.fingerprint), index('events_device_time_idx').on(t.device, t.time), index('events_trap_idx').on(t.trap)],
);

export type EventRow = typeof events.$inferSelect;
export type NewEvent = typeof events.$inferInsert;

/**
 * Datagrams the trap receiver refused, counted per minute, claimed source and reason: a flood of forged
 * datagrams adds at most one row per (minute, source, reason), never one per datagram. `source` is the
 * UDP source the datagram claims (forgeable), or "other" beyond the per-minute source limit.
 */
export const trapRejections = sqliteTable(
  'trap_rejections',
  {
    /** Start of the minute, Unix seconds. */
    bucket: integer('bucket').notNull(),
    source: text('source').notNull(),
    reason: text('reason').notNull(),
    datagrams: integer('datagrams').notNull(),
    firstSeen: integer('first_seen', { mode: 'timestamp_ms' }).notNull(),
    lastSeen: integer('last_seen', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.bucket, t.source, t.reason] })],
);

/** One row yunet rewrites to find out whether the disk takes writes again after it failed. */
export const storageProbe = sqliteTable('storage_probe', {
  id: integer('id').primaryKey(),
  at: integer('at').notNull(),
});
