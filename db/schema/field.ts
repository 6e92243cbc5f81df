import { sqliteTable, text, integer, real, index, uniqueIndex, primaryKey } from 'drizzle-orm/sqlite-core';
import { apiTokens } from './auth';

/**
 * Field build-out records: towns and villages, 5G stations, yearly targets, coverage blind spots,
 * three-line hazards and their inspections, and the audit log of every change.
 * Calendar dates are 'YYYY-MM-DD' text (a date in Asia/Shanghai, no time of day); instants are UTC.
 */

const now = () => new Date();

export const operators = ['中国移动', '中国联通', '中国电信', '中国广电'] as const;
export type Operator = (typeof operators)[number];

export const stationTypes = ['macro', 'micro', 'indoor'] as const;
export const stationStatuses = ['planned', 'approved', 'site_ready', 'under_construction', 'powered', 'on_air', 'accepted', 'cancelled'] as const;
export type StationStatus = (typeof stationStatuses)[number];

export const blindSpotCategories = ['enterprise', 'key_area', 'village', 'road', 'other'] as const;
export const blindSpotSources = ['complaint', 'drive_test', 'enterprise_visit', 'other'] as const;
export const blindSpotStatuses = ['open', 'surveying', 'planned', 'resolving', 'resolved', 'closed_unresolvable'] as const;
export type BlindSpotStatus = (typeof blindSpotStatuses)[number];
export const resolutions = ['new_station', 'indoor_system', 'repeater', 'optimisation'] as const;

export const lineTypes = ['power', 'telecom', 'catv'] as const;
export const hazardTypes = ['sagging', 'tangled', 'low_clearance', 'damaged_pole', 'unlabelled', 'abandoned_line', 'fire_risk', 'other'] as const;
export const severities = ['low', 'medium', 'high'] as const;
export const hazardStatuses = ['open', 'assigned', 'remediating', 'remediated', 'verified'] as const;
export type HazardStatus = (typeof hazardStatuses)[number];

/** 镇街: Panyu's towns and streets; editable, seeded at start. */
export const towns = sqliteTable('towns', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  sortOrder: integer('sort_order').notNull().default(0),
  createdAt: integer('created_at', { mode: 'timestamp' }).notNull().$defaultFn(now),
});

/** 村居: villages and residential communities below a town. */
export const villages = sqliteTable(
  'villages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    townId: integer('town_id').notNull().references(() => towns.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp' }).notNull().$defaultFn(now),
  },
  (t) => [uniqueIndex('villages_town_name_uq').on(t.townId, t.name)],
);

export const stations = sqliteTable(
  'stations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    operator: text('operator', { enum: operators }).notNull(),
    builder: text('builder').notNull().default('中国铁塔'),
    townId: integer('town_id').notNull().references(() => towns.id, { onDelete: 'restrict' }),
    villageId: integer('village_id').references(() => villages.id, { onDelete: 'set null' }),
    address: text('address'),
    latitude: real('latitude'),
    longitude: real('longitude'),
    type: text('type', { enum: stationTypes }).notNull(),
    plannedYear: integer('planned_year').notNull(),
    status: text('status', { enum: stationStatuses }).notNull().default('planned'),
    // The date each status was reached (null when skipped or not reached).
    approvedOn: text('approved_on'),
    siteReadyOn: text('site_ready_on'),
    constructionOn: text('construction_on'),
    poweredOn: text('powered_on'),
    onAirOn: text('on_air_on'),
    acceptedOn: text('accepted_on'),
    cancelledOn: text('cancelled_on'),
    notes: text('notes'),
    demo: integer('demo', { mode: 'boolean' }).notNull().default(false),
    createdAt: integer('created_at', { mode: 'timestamp' }).notNull().$defaultFn(now),
    updatedAt: integer('updated_at', { mode: 'timestamp' }).notNull().$defaultFn(now),
  },
  // Covering indexes for the scrape-time aggregates (per town/operator/status; built per year).
  (t) => [
    index('stations_town_operator_status_idx').on(t.townId, t.operator, t.status),
    index('stations_built_idx').on(t.status, t.onAirOn, t.acceptedOn, t.townId, t.operator),
  ],
);

/** Yearly build target per town; operator '' is the town's target over all operators. */
export const buildTargets = sqliteTable(
  'build_targets',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    year: integer('year').notNull(),
    townId: integer('town_id').notNull().references(() => towns.id, { onDelete: 'cascade' }),
    operator: text('operator').notNull().default(''),
    target: integer('target').notNull(),
    demo: integer('demo', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [uniqueIndex('build_targets_uq').on(t.year, t.townId, t.operator)],
);

export const blindSpots = sqliteTable(
  'blind_spots',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    townId: integer('town_id').notNull().references(() => towns.id, { onDelete: 'restrict' }),
    villageId: integer('village_id').references(() => villages.id, { onDelete: 'set null' }),
    category: text('category', { enum: blindSpotCategories }).notNull(),
    location: text('location'),
    latitude: real('latitude'),
    longitude: real('longitude'),
    source: text('source', { enum: blindSpotSources }).notNull(),
    reportedOn: text('reported_on').notNull(),
    status: text('status', { enum: blindSpotStatuses }).notNull().default('open'),
    statusReason: text('status_reason'),
    resolution: text('resolution', { enum: resolutions }),
    resolvedByStationId: integer('resolved_by_station_id').references(() => stations.id, { onDelete: 'set null' }),
    rsrpBefore: real('rsrp_before'),
    rsrpAfter: real('rsrp_after'),
    resolvedOn: text('resolved_on'),
    closedOn: text('closed_on'),
    notes: text('notes'),
    demo: integer('demo', { mode: 'boolean' }).notNull().default(false),
    createdAt: integer('created_at', { mode: 'timestamp' }).notNull().$defaultFn(now),
    updatedAt: integer('updated_at', { mode: 'timestamp' }).notNull().$defaultFn(now),
  },
  (t) => [index('blind_spots_town_status_idx').on(t.townId, t.status)],
);

/** Routine inspections of rural overhead lines. */
export const inspections = sqliteTable('inspections', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  date: text('date').notNull(),
  townId: integer('town_id').notNull().references(() => towns.id, { onDelete: 'restrict' }),
  inspector: text('inspector'),
  notes: text('notes'),
  demo: integer('demo', { mode: 'boolean' }).notNull().default(false),
  createdAt: integer('created_at', { mode: 'timestamp' }).notNull().$defaultFn(now),
});

export const inspectionVillages = sqliteTable(
  'inspection_villages',
  {
    inspectionId: integer('inspection_id').notNull().references(() => inspections.id, { onDelete: 'cascade' }),
    villageId: integer('village_id').notNull().references(() => villages.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.inspectionId, t.villageId] })],
);

export const hazards = sqliteTable(
  'line_hazards',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    townId: integer('town_id').notNull().references(() => towns.id, { onDelete: 'restrict' }),
    villageId: integer('village_id').references(() => villages.id, { onDelete: 'set null' }),
    lineType: text('line_type', { enum: lineTypes }).notNull(),
    hazardType: text('hazard_type', { enum: hazardTypes }).notNull(),
    severity: text('severity', { enum: severities }).notNull(),
    owner: text('owner').notNull(),
    location: text('location'),
    foundOn: text('found_on').notNull(),
    inspectionId: integer('inspection_id').references(() => inspections.id, { onDelete: 'set null' }),
    deadline: text('deadline'),
    status: text('status', { enum: hazardStatuses }).notNull().default('open'),
    assignedOn: text('assigned_on'),
    remediatingOn: text('remediating_on'),
    remediatedOn: text('remediated_on'),
    verifiedOn: text('verified_on'),
    notes: text('notes'),
    demo: integer('demo', { mode: 'boolean' }).notNull().default(false),
    createdAt: integer('created_at', { mode: 'timestamp' }).notNull().$defaultFn(now),
    updatedAt: integer('updated_at', { mode: 'timestamp' }).notNull().$defaultFn(now),
  },
  (t) => [index('line_hazards_town_status_idx').on(t.townId, t.status)],
);

/** Every change to a field record: who, when, which record, before and after (JSON). */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at', { mode: 'timestamp_ms' }).notNull().$defaultFn(now),
    actor: text('actor').notNull(),
    actorRole: text('actor_role').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    action: text('action').notNull(),
    before: text('before'),
    after: text('after'),
    reason: text('reason'),
  },
  (t) => [index('audit_log_entity_idx').on(t.entity, t.entityId)],
);

/** Web sign-in sessions: the cookie value is shown once to the browser; only its SHA-256 is stored. */
export const webSessions = sqliteTable('web_sessions', {
  idHash: text('id_hash').primaryKey(),
  tokenId: integer('token_id').notNull().references(() => apiTokens.id, { onDelete: 'cascade' }),
  csrfToken: text('csrf_token').notNull(),
  createdAt: integer('created_at', { mode: 'timestamp' }).notNull().$defaultFn(now),
  expiresAt: integer('expires_at', { mode: 'timestamp' }).notNull(),
});

export type TownRow = typeof towns.$inferSelect;
export type StationRow = typeof stations.$inferSelect;
export type BlindSpotRow = typeof blindSpots.$inferSelect;
export type HazardRow = typeof hazards.$inferSelect;
export type InspectionRow = typeof inspections.$inferSelect;
