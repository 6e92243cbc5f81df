import { z } from 'zod';
import { validate as validateCron } from 'node-cron';
import { prefixString, srv6DeviceSchema, srv6DistrictSchema } from './srv6';
import { xinchuangSchema } from './xinchuang';
import { discoverySchema } from './discovery';

export const vendors = ['auto', 'huawei', 'h3c', 'cisco', 'ruijie', 'zte', 'linux'] as const;
export const authProtocols = ['md5', 'sha', 'sha224', 'sha256', 'sha384', 'sha512'] as const;
export const privProtocols = ['des', 'aes', 'aes256b', 'aes256r'] as const;

const version = z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.enum(['1', '2c', '3']));

export const communityCredential = z.strictObject({
  version: version.refine((v) => v !== '3', 'use username/auth/priv for version 3'),
  community: z.string().min(1),
});

export const usmCredential = z.strictObject({
  version: version.refine((v) => v === '3', 'version 3 expected'),
  username: z.string().min(1),
  auth: z.strictObject({ protocol: z.enum(authProtocols), key: z.string().min(8, 'v3 keys need at least 8 characters') }).optional(),
  priv: z.strictObject({ protocol: z.enum(privProtocols), key: z.string().min(8, 'v3 keys need at least 8 characters') }).optional(),
  context: z.string().optional(),
}).refine((c) => !c.priv || c.auth, { message: 'priv needs auth', path: ['priv'] });

export const credentialSchema = z.union([communityCredential, usmCredential]);
export type Credential = z.infer<typeof credentialSchema>;

const hostOrAddress = z
  .string()
  .min(1)
  .regex(/^[A-Za-z0-9.:_%-]+$/, 'expected an IPv4 or IPv6 address or a host name');

/** Node and poller group names (also $YUNET_NODE). */
export const clusterName = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, ".", "_" or "-", at most 64');

/**
 * Several yunet nodes on one shared database. Each node heartbeats; devices are shared out among the live
 * ones by rendezvous hashing of the device name. One node alone owns every device.
 */
export const clusterSchema = z
  .strictObject({
    /** This node's name (default $YUNET_NODE, else the host name); unique among the nodes. */
    node: clusterName.optional(),
    /** How Prometheus and the other nodes reach this node (default http://<http.host or host name>:<http.port>). */
    advertise_url: z.url({ protocol: /^https?$/ }).optional(),
    /** A node whose heartbeat is older than this is dead and its devices go to the others. */
    node_timeout_s: z.number().int().min(3).max(600).default(15),
    heartbeat_s: z.number().int().min(1).max(60).default(5),
    /** Poller groups this node serves (devices[].poller_group). */
    groups: z.array(clusterName).min(1).default(['default']),
  })
  .refine((c) => c.heartbeat_s * 2 <= c.node_timeout_s, { message: 'heartbeat_s must be at most half of node_timeout_s', path: ['heartbeat_s'] })
  .prefault({});

export const deviceSchema = z.strictObject({
  name: z.string().min(1).max(128),
  address: hostOrAddress,
  port: z.number().int().min(1).max(65535).default(161),
  credential: z.string().min(1),
  unit: z.string().min(1).optional(),
  role: z.string().min(1).optional(),
  vendor: z.enum(vendors).default('auto'),
  max_repetitions: z.number().int().min(1).max(200).optional(),
  /** Several nodes: only nodes whose cluster.groups include it poll the device (a network segment they reach). */
  poller_group: clusterName.default('default'),
  enabled: z.boolean().default(true),
  /** Operator-declared SRv6 state (no MIB reports it); checked by readiness against the evidence. */
  srv6: srv6DeviceSchema.optional(),
});
export type DeviceConfig = z.infer<typeof deviceSchema>;

export const unitSchema = z.strictObject({
  name: z.string().min(1),
  town: z.string().min(1).optional(),
  ipv4: z.array(prefixString('ipv4')).default([]),
  ipv6: z.array(prefixString('ipv6')).default([]),
});
export type UnitConfig = z.infer<typeof unitSchema>;

/** Trap receiver: communities and v3 users come from `credentials`. */
export const trapsSchema = z
  .strictObject({
    enabled: z.boolean().default(true),
    /** 162 needs the privilege to bind it; 1162 does not. */
    port: z.number().int().min(1).max(65535).default(1162),
    address: z.string().default('0.0.0.0'),
    /** Distinct unknown source addresses given their own label value; the rest count as source="other". */
    unknown_sources_max: z.number().int().min(1).max(10_000).default(50),
    /** Events older than this are deleted (hourly). */
    retention_days: z.number().int().min(1).max(3650).default(365),
    /** Stored trap events at most; the oldest are deleted first (counted in yunet_events_dropped_total). */
    max_events: z.number().int().min(1000).max(100_000_000).default(1_000_000),
    /** Stored trap event bytes at most (text of the rows); the oldest are deleted first. */
    max_event_bytes: z.number().int().min(1024 * 1024).default(512 * 1024 * 1024),
    /** Traps waiting in memory to be written at most; beyond it new ones are dropped and counted. */
    max_queue: z.number().int().min(100).max(1_000_000).default(50_000),
    /** Rows of per-minute rejection counts kept (trap_rejections); the oldest minutes go first. */
    max_rejection_rows: z.number().int().min(100).max(10_000_000).default(100_000),
    /** Distinct claimed sources of rejected datagrams counted per minute; the rest count as source "other". */
    rejection_sources_per_minute: z.number().int().min(1).max(100_000).default(1000),
  })
  .prefault({});

/** Drill windows: webhook secret for Alertmanager and an optional faster snmp-security poll. */
export const drillsSchema = z
  .strictObject({
    /** Shared secret Alertmanager sends as `Authorization: Bearer …` to /api/alerts/webhook. */
    webhook_secret: z.string().min(16, 'use at least 16 characters').optional(),
    /** Extra schedule (node-cron, seconds allowed) polling only snmp-security on devices in an active drill's scope. */
    security_schedule: z.string().refine((s) => validateCron(s), 'not a valid cron expression').optional(),
  })
  .prefault({});

/** A PostgreSQL connection URL (checked, never echoed: it may carry a password). */
export const POSTGRES_URL = /^postgres(ql)?:\/\/\S+$/;

export const configSchema = z
  .strictObject({
    http: z
      .strictObject({
        port: z.number().int().min(0).max(65535).default(9470),
        host: z.string().default('0.0.0.0'),
        /** Request body bytes read before the caller is known (sign-in form, unauthenticated requests). */
        max_anonymous_body_bytes: z.number().int().min(1024).max(1024 * 1024).default(8 * 1024),
        /** Request body bytes for an authenticated request (JSON, forms). */
        max_body_bytes: z.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
        /** Spreadsheet upload bytes (import API and page), authenticated only. */
        max_upload_bytes: z.number().int().min(1024).max(512 * 1024 * 1024).default(32 * 1024 * 1024),
        /** Open HTTP connections in all; more are closed as they arrive. */
        max_connections: z.number().int().min(16).max(100_000).default(4096),
        /** Open HTTP connections from one client address (behind a proxy: the proxy's). */
        max_connections_per_address: z.number().int().min(4).max(100_000).default(256),
        /** Seconds a connection may stay open before its first request. */
        idle_connection_s: z.number().min(1).max(600).default(15),
        /** Behind a TLS-terminating proxy: trust its X-Forwarded-Proto (session cookies get Secure). */
        trust_proxy: z.boolean().default(false),
        /**
         * Closes /metrics and /metrics/devices/* (open by default: Prometheus must scrape). Either or both,
         * as Prometheus' scrape `authorization` (bearer) and `basic_auth` options send them.
         */
        metrics_auth: z
          .strictObject({
            bearer_token: z.string().min(16, 'use at least 16 characters').optional(),
            basic_auth: z.strictObject({ username: z.string().min(1), password: z.string().min(12, 'use at least 12 characters') }).optional(),
          })
          .refine((a) => a.bearer_token || a.basic_auth, 'set bearer_token, basic_auth or both')
          .optional(),
        /** true: the landing page and the drill pages need a signed-in viewer, like the field pages. */
        pages_auth: z.boolean().default(false),
      })
      .prefault({}),
    database: z
      .strictObject({
        /** The embedded SQLite file (one node). */
        path: z.string().min(1).default('./data/yunet.db'),
        /** PostgreSQL shared by several nodes (postgres://user:password@host:port/db); wins over `path`. */
        url: z.string().regex(POSTGRES_URL, 'must be a postgres:// URL').optional(),
      })
      .prefault({}),
    polling: z
      .strictObject({
        schedule: z.string().refine((s) => validateCron(s), 'not a valid cron expression').default('*/1 * * * *'),
        timezone: z.string().default('Asia/Shanghai'),
        concurrency: z.number().int().min(1).max(4096).default(64),
        timeout_ms: z.number().int().min(50).max(60_000).default(2000),
        retries: z.number().int().min(0).max(10).default(1),
        max_repetitions: z.number().int().min(1).max(200).default(25),
        /** Consecutive failed cycles before a device is polled less often. */
        backoff_after: z.number().int().min(1).default(3),
        /** Longest gap, in cycles, between attempts on a backed-off device. */
        backoff_max_cycles: z.number().int().min(1).default(8),
        /**
         * Run a collector only every N cycles (staggered across devices); its last values are served in
         * between. Slow-moving evidence such as the IP-MIB address and route tables needs no per-minute walk.
         */
        every_cycles: z.record(z.string().min(1), z.number().int().min(1).max(1440)).default({ ip: 10 }),
        /** Device strings that become label values (ifAlias, sysDescr, …) are cut to this many bytes. */
        max_label_bytes: z.number().int().min(16).max(65_536).default(256),
        /** Rendered series of one device at most; families past it are dropped and the device marked truncated. */
        max_device_series_bytes: z.number().int().min(64 * 1024).max(1024 * 1024 * 1024).default(8 * 1024 * 1024),
        /** One walk ends with an error past this many varbinds, or bytes of OIDs and values. */
        max_walk_varbinds: z.number().int().min(1000).max(100_000_000).default(500_000),
        max_walk_bytes: z.number().int().min(64 * 1024).max(1024 * 1024 * 1024).default(16 * 1024 * 1024),
        /**
         * Longest an agent may answer counters from a cache: within it, IP counters that did not move are
         * "no new data" for the IPv6 traffic share; past it, no traffic is taken as real.
         */
        counter_cache_seconds: z.number().int().min(1).max(3600).default(300),
      })
      .prefault({}),
    /** Where the device pages link to the Grafana device dashboard (its base URL, e.g. https://grafana.example/). */
    grafana: z.strictObject({ url: z.url({ protocol: /^https?$/ }).optional() }).prefault({}),
    /** The Prometheus that scrapes yunet: device pages chart interface rates over the last hour from it (HTTP API, server-side). */
    prometheus: z.strictObject({ url: z.url({ protocol: /^https?$/ }).optional() }).prefault({}),
    credentials: z.record(z.string().min(1), credentialSchema).default({}),
    units: z.array(unitSchema).default([]),
    devices: z.array(deviceSchema).default([]),
    /** The district's SRv6 locator block; device locators must lie inside it. */
    srv6: srv6DistrictSchema.prefault({}),
    traps: trapsSchema,
    drills: drillsSchema,
    xinchuang: xinchuangSchema,
    discovery: discoverySchema,
    cluster: clusterSchema,
    /** Spreadsheet imports: what an uploaded workbook or CSV may hold before it is refused (HTTP 413). */
    imports: z
      .strictObject({
        max_unpacked_bytes: z.number().int().min(1024 * 1024).max(2 * 1024 * 1024 * 1024).default(200 * 1024 * 1024),
        max_cells: z.number().int().min(1000).max(100_000_000).default(2_000_000),
        max_entries: z.number().int().min(10).max(100_000).default(1000),
        max_rows: z.number().int().min(100).max(10_000_000).default(200_000),
        /** Spreadsheets read at once (each can take ~100 MB while counted), and how many more may wait. */
        concurrent_reads: z.number().int().min(1).max(64).default(2),
        queued_reads: z.number().int().min(0).max(1000).default(8),
        /** Import previews waiting for confirmation on the import page: per user, in all, and for how long. */
        pending_per_user: z.number().int().min(1).max(100).default(3),
        pending_total: z.number().int().min(1).max(10_000).default(50),
        pending_total_bytes: z.number().int().min(1024 * 1024).max(16 * 1024 * 1024 * 1024).default(128 * 1024 * 1024),
        pending_minutes: z.number().int().min(1).max(1440).default(15),
      })
      .prefault({}),
  })
  // strict at every level: an unknown key is a typo until proven otherwise
  .superRefine((cfg, ctx) => {
    const units = new Set<string>();
    cfg.units.forEach((u, i) => {
      if (units.has(u.name)) ctx.addIssue({ code: 'custom', path: ['units', i, 'name'], message: `duplicate unit "${u.name}"` });
      units.add(u.name);
    });
    const names = new Set<string>();
    cfg.devices.forEach((d, i) => {
      if (names.has(d.name)) ctx.addIssue({ code: 'custom', path: ['devices', i, 'name'], message: `duplicate device "${d.name}"` });
      names.add(d.name);
      if (!(d.credential in cfg.credentials))
        ctx.addIssue({ code: 'custom', path: ['devices', i, 'credential'], message: `unknown credential "${d.credential}"` });
      if (d.unit && !units.has(d.unit))
        ctx.addIssue({ code: 'custom', path: ['devices', i, 'unit'], message: `unknown unit "${d.unit}"` });
    });
  });

export type Config = z.infer<typeof configSchema>;
