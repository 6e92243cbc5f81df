import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo, Server } from 'node:net';
import type { ScheduledTask } from 'node-cron';
import { registerDatabaseMetrics } from './metrics/database';
import { openDatabase, type Store } from '../db/index';
import type { Config } from './config/schema';
import { eq } from 'drizzle-orm';
import { apiTokens } from '../db/schema/auth';
import { bootstrapMessages, createToken, installBootstrapToken } from './auth/tokens';

/** The demo's own admin token: replaced at every start in demo mode, never created otherwise. */
const DEMO_ADMIN = 'demo-admin';
import { syncConfig } from './inventory/sync';
import { createLogger, type Logger } from './log';
import { Fleet } from './poll/fleet';
import { seriesRenderer } from './metrics/series';
import { schedule } from './poll/scheduler';
import { createAppRegistry } from './metrics/registry';
import { createHttpApp } from './app';
import { connectionLimits } from './http/connection-limits';
import type { AppContext } from './context';
import { startTraps } from './traps/feature';
import { startDrills } from './drills/feature';
import { startReadiness } from './readiness/feature';
import { startField } from './field/feature';
import { startXinchuang } from './xinchuang/feature';
import { startDiscovery } from './discovery/service';
import { startNeighbourCandidates } from './discovery/neighbours';
import { Faults } from './faults';
import { createServices, type Services } from './services';
import { startCluster } from './cluster/feature';
import { Membership } from './cluster/membership';
import { advertiseUrl, nodeName } from './cluster/node';
import { Registry } from 'prom-client';

/**
 * A feature that needs more than routes: starts its jobs or listeners with the context and returns
 * what stops them. Each feature module exports one; they are listed here in start order.
 */
type Stop = () => void | Promise<void>;
/** Starts a feature's jobs and listeners (awaited in order before the first poll); returns how to stop them. */
export type Feature = (ctx: AppContext, services: Services) => void | Stop | Promise<void | Stop>;
const features: Feature[] = [startCluster, (ctx) => startTraps(ctx), startDrills, (ctx, s) => startReadiness(ctx, s.readiness), startField, startXinchuang, startDiscovery, startNeighbourCandidates];

export interface YunetOptions {
  config: Config;
  demo?: boolean;
  log?: Logger;
  /** Start the cron schedule (tests drive cycles by hand). Default true. */
  schedule?: boolean;
  /** Poll once right away instead of waiting for the first tick. Default true. */
  pollAtStart?: boolean;
  env?: NodeJS.ProcessEnv;
}

export interface Yunet {
  ctx: AppContext;
  services: Services;
  app: ReturnType<typeof createHttpApp>;
  /** Port the HTTP server listens on (after listen()). */
  port: number;
  listen(): Promise<number>;
  runCycle(): ReturnType<Fleet['runCycle']>;
  close(drainMs?: number): Promise<void>;
}

/** The composition root: database, inventory, fleet, metrics, HTTP, schedule. */
export async function createYunet(opts: YunetOptions): Promise<Yunet> {
  const { config } = opts;
  const env = opts.env ?? process.env;
  const log = opts.log ?? createLogger();
  const database: Store = await openDatabase(config.database.url ?? config.database.path);
  const { db } = database;
  try {
    await syncConfig(db, config, opts.demo ? 'demo' : 'config');
    if (opts.demo) await db.delete(apiTokens).where(eq(apiTokens.name, DEMO_ADMIN));
    if (env.YUNET_ADMIN_TOKEN) {
      const outcome = await installBootstrapToken(db, env.YUNET_ADMIN_TOKEN);
      if (outcome !== 'unchanged') log.info(bootstrapMessages[outcome]);
    }
    // The demo walk-through: a fresh admin token each start, printed once, so a newcomer can sign in to every page.
    if (opts.demo) log.info('demo mode: sign in at /field/signin with this admin token (valid until the next start)', { token: await createToken(db, DEMO_ADMIN, 'admin') });
  } catch (e) {
    await database.close();
    throw e;
  }

  const fleet = new Fleet(db, config.polling, log, seriesRenderer);
  await fleet.reload();
  const { registry, families, observeCycle, close: closeRegistry } = createAppRegistry(fleet);
  registerDatabaseMetrics(registry, database);
  const faults = new Faults(registry, log, db);
  fleet.onError = (component, e) => faults.record(component, e);
  const membership = new Membership(db, config.cluster, nodeName(config, env), advertiseUrl(config, config.http.port), log);
  const ctx: AppContext = { config, db, fleet, registry, leaderRegistry: new Registry(), families, log, demo: !!opts.demo, faults, membership };
  const services = createServices(ctx);
  const app = createHttpApp(ctx, services);
  const stops: Stop[] = [];
  for (const f of features) {
    const stop = await f(ctx, services);
    if (stop) stops.push(stop);
  }

  fleet.onCycleEnd((s) => s.partial || observeCycle(s.durationSeconds));
  const runCycle = () => fleet.runCycle();
  const tasks: ScheduledTask[] = [];
  let startUp: Promise<unknown> | null = null;
  // The start-up poll is no tick's: a tick that comes while it runs waits for it, then polls what it reached before
  // the tick. Any other tick while a cycle runs is skipped, not stacked.
  const tick = async () => {
    if (startUp) {
      const tickAt = Date.now();
      log.info('tick came during the start-up poll; it polls, once that ends, the devices polled before the tick', { job: 'poll' });
      await startUp;
      if (!(await fleet.catchUp(tickAt))) log.info('the start-up poll reached no device before the tick; nothing to catch up', { job: 'poll' });
      return;
    }
    if (fleet.cycleRunning) return log.warn('previous poll cycle still running; tick skipped', { job: 'poll' });
    await runCycle();
  };
  if (opts.schedule !== false) tasks.push(schedule(config.polling.schedule, config.polling.timezone, 'poll', tick, log, (e) => faults.record('poll-cycle', e)));
  if (opts.pollAtStart !== false)
    startUp = runCycle()
      .catch((e: Error) => log.error('first poll cycle failed', { error: e.message }))
      .finally(() => (startUp = null));

  const connections = connectionLimits({ total: config.http.max_connections, perAddress: config.http.max_connections_per_address, idleMs: config.http.idle_connection_s * 1000 }, registry);
  let server: ServerType | null = null;
  const self: Yunet = {
    ctx,
    services,
    app,
    port: 0,
    listen: () =>
      new Promise((resolve, reject) => {
        server = serve({ fetch: app.fetch, port: config.http.port, hostname: config.http.host }, (info: AddressInfo) => {
          self.port = info.port;
          // Port 0 (tests): the port is known only now.
          if (!config.cluster.advertise_url) membership.url = advertiseUrl(config, info.port);
          log.info('listening', { url: `http://${info.address.includes(':') ? `[${info.address}]` : info.address}:${info.port}`, demo: !!opts.demo });
          resolve(info.port);
        });
        server.once('error', reject);
        connections.watch(server as Server);
      }),
    runCycle,
    /**
     * Stops in the order that loses nothing: no new HTTP connections, in-flight requests finish (at most
     * `drainMs`, then their connections are cut), schedules stop, features flush (trap batches), then the
     * database closes. Every acknowledged write has committed by then.
     */
    close: async (drainMs = 10_000) => {
      if (server) {
        const s = server as ServerType & { closeIdleConnections?: () => void; closeAllConnections?: () => void };
        const closed = new Promise<void>((r) => s.close(() => r()));
        s.closeIdleConnections?.();
        const cut = setTimeout(() => s.closeAllConnections?.(), drainMs);
        await closed;
        clearTimeout(cut);
      }
      for (const t of tasks) await t.destroy();
      for (const s of stops.reverse()) await s();
      faults.close();
      closeRegistry();
      fleet.close();
      await database.close();
    },
  };
  return self;
}
