import { Hono } from 'hono';
import { metricDefs } from '../../collectors/registry';
import type { MetricDef } from '../../collectors/types';
import type { AppContext } from '../context';
import { deviceSelfMetrics } from '../poll/self-metrics';
import { streamExposition } from './exposition';
import { metricsAuth } from '../http/access';

const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** /metrics (yunet's own metrics, then every device) and /metrics/devices/:name (one device). */
export function metricsRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  const defs = (): Map<string, MetricDef> => {
    const all = metricDefs();
    for (const d of deviceSelfMetrics) all.set(d.name, d);
    return all;
  };

  for (const p of ['/metrics', '/metrics/*']) app.use(p, metricsAuth(ctx.config.http));

  app.get('/metrics', (c) => {
    const body = streamExposition(async () => (await ctx.registry.metrics()) + ctx.families.text(), defs(), () => ctx.fleet.list().map((d) => d.state.series));
    return c.body(body, 200, { 'Content-Type': CONTENT_TYPE });
  });

  app.get('/metrics/devices/:name', (c) => {
    const state = ctx.fleet.states.get(c.req.param('name'));
    if (!state) return c.text(`unknown device "${c.req.param('name')}"\n`, 404);
    const body = streamExposition(async () => '', defs(), () => [state.series]);
    return c.body(body, 200, { 'Content-Type': CONTENT_TYPE });
  });

  return app;
}
