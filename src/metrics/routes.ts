import { Hono, type Context } from 'hono';
import Negotiator from 'negotiator';
import { Counter } from 'prom-client';
import { metricDefs } from '../../collectors/registry';
import type { MetricDef } from '../../collectors/types';
import type { AppContext } from '../context';
import { deviceSelfMetrics } from '../poll/self-metrics';
import { streamExposition } from './exposition';
import type { RenderedSeries } from './series';
import { metricsAuth } from '../http/access';

const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Whether an Accept-Encoding header takes gzip (RFC 9110 12.5.3; x-gzip is the same coding, 8.4.1.3). */
export function acceptsGzip(header: string | undefined): boolean {
  const headers = { 'accept-encoding': header?.replace(/\bx-gzip\b/gi, 'gzip') };
  return new Negotiator({ headers }).encoding(['gzip']) === 'gzip';
}

/** /metrics (yunet's own metrics, then every device) and /metrics/devices/:name (one device). */
export function metricsRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  const defs = (): Map<string, MetricDef> => {
    const all = metricDefs();
    for (const d of deviceSelfMetrics) all.set(d.name, d);
    return all;
  };

  for (const p of ['/metrics', '/metrics/*']) app.use(p, metricsAuth(ctx.config.http));

  // A stream keeps the generation of series it reads (hundreds of MB for the whole fleet at 5,000 devices) while it
  // runs. One still running when the cycle after the one it started in ends is cut: however many clients stop
  // reading, at most two generations are kept besides the one being written.
  const cut = new Counter({
    name: 'yunet_metrics_scrapes_cut_total',
    help: 'Scrapes of /metrics cut because they were still being read when the poll cycle after the one they started in ended.',
    registers: [ctx.registry],
  });
  let cycles = 0;
  const streams = new Map<AbortController, number>();
  ctx.fleet.onCycleEnd((s) => {
    if (s.partial) return; // an extra cycle over some devices (taken over, or caught up after the start-up poll)
    cycles++;
    for (const [abort, startedIn] of streams)
      if (cycles - startedIn >= 2) {
        cut.inc();
        abort.abort();
      }
  });
  // The series are kept compressed: spliced into one gzip stream for clients that take gzip (Prometheus does),
  // inflated on the way out for the others.
  const stream = (c: Context, head: () => Promise<string>, series: () => RenderedSeries[]) => {
    const abort = new AbortController();
    streams.set(abort, cycles);
    const gzipped = streamExposition(head, defs(), series, abort.signal, () => streams.delete(abort));
    if (acceptsGzip(c.req.header('Accept-Encoding'))) return c.body(gzipped, 200, { 'Content-Type': CONTENT_TYPE, 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' });
    return c.body(gzipped.pipeThrough(new DecompressionStream('gzip')), 200, { 'Content-Type': CONTENT_TYPE, Vary: 'Accept-Encoding' });
  };

  app.get('/metrics', (c) => {
    // The district-wide figures are read from the database: while it is away they are left out (and the failure
    // counted), the rest is served from memory.
    const district = () => (ctx.membership.leader ? ctx.leaderRegistry.metrics().catch((e: unknown) => (ctx.faults.record('metrics', e), '')) : '');
    // Per-device readiness judges each device against the whole fleet (duplicate addresses): one node serves it.
    const fleetWide = () => (ctx.membership.fleetWide ? ctx.families.text() : '');
    const own = async () => (await ctx.registry.metrics()) + (await district()) + (await fleetWide());
    return stream(c, own, () => ctx.fleet.owned().map((d) => d.state.series));
  });

  app.get('/metrics/devices/:name', (c) => {
    const name = c.req.param('name');
    const device = ctx.fleet.device(name);
    if (!device) return c.text(`unknown device "${name}"\n`, 404);
    // Several nodes: only the owner serves it (Prometheus' service discovery points there).
    if (!ctx.fleet.owns(device.row)) return c.text(`device "${name}" is polled by another node (see /api/sd/prometheus)\n`, 404);
    const { state } = device;
    return stream(c, async () => '', () => [state.series]);
  });

  return app;
}
