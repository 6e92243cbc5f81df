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
    // The district-wide figures are read from the database: while it is away they are left out (and the failure
    // counted), the rest is served from memory.
    const district = () => (ctx.membership.leader ? ctx.leaderRegistry.metrics().catch((e: unknown) => (ctx.faults.record('metrics', e), '')) : '');
    // Per-device readiness judges each device against the whole fleet (duplicate addresses): one node serves it.
    const fleetWide = () => (ctx.membership.fleetWide ? ctx.families.text() : '');
    const own = async () => (await ctx.registry.metrics()) + (await district()) + (await fleetWide());
    const body = streamExposition(own, defs(), () => ctx.fleet.owned().map((d) => d.state.series));
    return c.body(body, 200, { 'Content-Type': CONTENT_TYPE });
  });

  app.get('/metrics/devices/:name', (c) => {
    const name = c.req.param('name');
    const device = ctx.fleet.device(name);
    if (!device) return c.text(`unknown device "${name}"\n`, 404);
    // Several nodes: only the owner serves it (Prometheus' service discovery points there).
    if (!ctx.fleet.owns(device.row)) return c.text(`device "${name}" is polled by another node (see /api/sd/prometheus)\n`, 404);
    const { state } = device;
    const body = streamExposition(async () => '', defs(), () => [state.series]);
    return c.body(body, 200, { 'Content-Type': CONTENT_TYPE });
  });

  return app;
}
