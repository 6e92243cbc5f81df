import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';

const now = () => new Date();

/** An attack-defense drill window (e.g. 粤盾-2026). scope_units null means the whole district. */
export const drills = sqliteTable(
  'drills',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull().unique(),
    startsAt: integer('starts_at', { mode: 'timestamp_ms' }).notNull(),
    endsAt: integer('ends_at', { mode: 'timestamp_ms' }).notNull(),
    scopeUnits: text('scope_units', { mode: 'json' }).$type<string[] | null>(),
    notes: text('notes').notNull().default(''),
    createdBy: text('created_by').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().$defaultFn(now),
  },
  (t) => [index('drills_window_idx').on(t.startsAt, t.endsAt)],
);

/** Remarks the security team adds to a drill as it runs. */
export const drillAnnotations = sqliteTable('drill_annotations', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  drillId: integer('drill_id')
    .notNull()
    .references(() => drills.id, { onDelete: 'cascade' }),
  time: integer('time', { mode: 'timestamp_ms' }).notNull(),
  author: text('author').notNull(),
  text: text('text').notNull(),
});

/**
 * One Alertmanager alert instance, keyed by (fingerprint, starts_at): a re-fire after resolution is a
 * new incident. attack_started_at is what the attacking team reports afterwards.
 */
export const incidents = sqliteTable(
  'incidents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    fingerprint: text('fingerprint').notNull(),
    startsAt: integer('starts_at', { mode: 'timestamp_ms' }).notNull(),
    endsAt: integer('ends_at', { mode: 'timestamp_ms' }),
    status: text('status', { enum: ['firing', 'resolved'] }).notNull(),
    alertname: text('alertname').notNull(),
    severity: text('severity'),
    device: text('device'),
    unit: text('unit'),
    summary: text('summary').notNull().default(''),
    labels: text('labels', { mode: 'json' }).$type<Record<string, string>>().notNull(),
    annotations: text('annotations', { mode: 'json' }).$type<Record<string, string>>().notNull(),
    generatorUrl: text('generator_url'),
    drillId: integer('drill_id').references(() => drills.id, { onDelete: 'set null' }),
    /** When yunet first heard of the alert (notification latency = this minus starts_at). */
    receivedAt: integer('received_at', { mode: 'timestamp_ms' }).notNull(),
    resolvedReceivedAt: integer('resolved_received_at', { mode: 'timestamp_ms' }),
    attackStartedAt: integer('attack_started_at', { mode: 'timestamp_ms' }),
    attackNote: text('attack_note'),
    annotatedBy: text('annotated_by'),
  },
  (t) => [uniqueIndex('incidents_alert_uq').on(t.fingerprint, t.startsAt), index('incidents_drill_idx').on(t.drillId, t.startsAt)],
);

export type DrillRow = typeof drills.$inferSelect;
export type IncidentRow = typeof incidents.$inferSelect;
