import { Hono, type Context } from 'hono';
import { compress } from 'hono/compress';
import { isStorageError, StorageUnavailableError } from './faults';
import type { AppContext } from './context';
import { onError } from './http/errors';
import { bodyLimits } from './http/body-limit';
import { inventoryRoutes } from './inventory/routes';
import { metricsRoutes } from './metrics/routes';
import { overviewRoutes } from './web/overview';
import { devicePageRoutes } from './web/devices';
import { readinessPageRoutes } from './web/readiness';
import { eventRoutes } from './traps/routes';
import { drillRoutes } from './drills/routes';
import { incidentRoutes } from './incidents/routes';
import { reportApiRoutes } from './incidents/report-routes';
import { drillPageRoutes } from './web/drills';
import { readinessRoutes } from './readiness/routes';
import { unitRoutes } from './inventory/units-routes';
import { fieldApiRoutes } from './field/api/index';
import { fieldPageRoutes } from './web/routes';
import type { Services } from './services';
import { xinchuangRoutes } from './xinchuang/routes';
import { discoveryRoutes } from './discovery/routes';
import { topologyRoutes } from './topology/routes';
import { xinchuangPageRoutes } from './web/xinchuang';
import { discoveryPageRoutes } from './discovery/page';
import { topologyPageRoutes } from './web/topology';
import { clusterRoutes } from './cluster/routes';

/** Feature routers mounted under /api; each feature owns its file. */
const apiRouters: ((ctx: AppContext, services: Services) => Hono)[] = [
  inventoryRoutes,
  eventRoutes,
  drillRoutes,
  incidentRoutes,
  reportApiRoutes,
  unitRoutes,
  (ctx, s) => readinessRoutes(ctx, s.readiness),
  fieldApiRoutes,
  xinchuangRoutes,
  discoveryRoutes,
  (ctx, s) => topologyRoutes(ctx, s.topology),
  clusterRoutes,
];

/** Routers mounted at the root (metrics exposition, web pages). */
const rootRouters: ((ctx: AppContext, services: Services) => Hono)[] = [
  overviewRoutes,
  devicePageRoutes,
  (ctx, s) => readinessPageRoutes(ctx, s.readiness),
  metricsRoutes,
  drillPageRoutes,
  fieldPageRoutes,
  xinchuangPageRoutes,
  discoveryPageRoutes,
  (ctx, s) => topologyPageRoutes(ctx, s.topology),
];

export function createHttpApp(ctx: AppContext, services: Services): Hono {
  const app = new Hono();
  // A write the disk refused is the storage's fault, not the caller's: 503, counted, and probed until it recovers.
  const errors = (err: Error, c: Context) => {
    if (isStorageError(err)) {
      ctx.faults.record('http', err);
      return c.json({ error: new StorageUnavailableError().message }, 503);
    }
    return onError(err, c);
  };
  app.onError(errors);
  const { http } = ctx.config;
  app.use(bodyLimits({ anonymous: http.max_anonymous_body_bytes, authenticated: http.max_body_bytes, upload: http.max_upload_bytes }, ctx.registry));
  app.get('/healthz', (c) => c.json({ status: 'ok', demo: ctx.demo, last_cycle: ctx.fleet.lastCycle }));
  const api = new Hono();
  api.onError(errors);
  for (const r of apiRouters) api.route('/', r(ctx, services));
  api.notFound((c) => c.json({ error: `no such endpoint: ${c.req.method} ${c.req.path}` }, 404));
  app.route('/api', api);
  // Pages and their stylesheet go gzipped to browsers that ask; /metrics, CSV and event streams are left as they are.
  app.use(compress({ contentTypeFilter: /^text\/(html|css)/ }));
  for (const r of rootRouters) app.route('/', r(ctx, services));
  return app;
}
