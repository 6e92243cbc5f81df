import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';

/**
 * yunet nodes sharing this database: each writes its own row every `cluster.heartbeat_s`; a node is alive while
 * its heartbeat is younger than `cluster.node_timeout_s`. Devices are shared out among the live nodes.
 */
export const clusterNodes = sqliteTable('cluster_nodes', {
  name: text('name').primaryKey(),
  /** Random per process start: a second process claiming the same name is told apart and reported. */
  instance: text('instance').notNull(),
  /** Where Prometheus and the other nodes reach this node (cluster.advertise_url). */
  url: text('url').notNull(),
  /** Poller groups the node serves. */
  groups: text('groups', { mode: 'json' }).$type<string[]>().notNull(),
  startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
  heartbeatAt: integer('heartbeat_at', { mode: 'timestamp_ms' }).notNull(),
  /** Devices the node owned at its last heartbeat. */
  devices: integer('devices').notNull().default(0),
});

/**
 * Singleton jobs (retention sweeps, discovery sweeps, district-wide figures) run on the node holding the lease;
 * it renews the lease with every heartbeat, and another node takes it once it has expired.
 */
export const clusterLeases = sqliteTable('cluster_leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  instance: text('instance').notNull(),
  expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
});

/**
 * The readiness evidence of each device as its owner last saw it (IP-MIB evidence, traffic interval, state), written
 * by the owner at the end of its cycles while several nodes are alive: every node judges units over the whole fleet.
 */
export const deviceEvidence = sqliteTable(
  'device_evidence',
  {
    device: text('device').primaryKey(),
    node: text('node').notNull(),
    up: integer('up', { mode: 'boolean' }),
    /**
     * What changes every poll, superjson (bigint counters and dates kept as they are): traffic, poll state, counters,
     * utilisation. A node of the previous version wrote everything here and left `facts` empty.
     */
    payload: text('payload').notNull(),
    /** What changes rarely, plain JSON: IP evidence, system identity, neighbours and interfaces; rewritten only when it changed. */
    facts: text('facts'),
    /** Hash of `facts`: readers fetch and decode a device's facts again only when it moved. */
    factsHash: text('facts_hash'),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('device_evidence_updated_idx').on(t.updatedAt)],
);
