import { Hono } from 'hono';
import { csvResponse } from '../http/csv';
import { requireRole } from '../auth/middleware';
import { ApiError } from '../http/errors';
import type { AppContext } from '../context';
import { devicesCsv } from './csv';
import type { Readiness } from './service';
import { deviceSummaryView, deviceView, findingView, unitView } from './views';

/** /api/readiness: per-unit figures, per-device checklists, address-plan findings, CSV export. */
/** `readiness` is the process's one instance, built by the composition root. */
export function readinessRoutes(ctx: AppContext, readiness: Readiness): Hono {
  const app = new Hono();
  const viewer = requireRole(ctx.db, 'viewer');

  app.get('/readiness', viewer, async (c) => {
    const r = await readiness.report();
    return c.json({
      generated_at: r.generatedAt,
      yardsticks: {
        year: r.yardsticks.year,
        fixed_network_ipv6_traffic_share: r.yardsticks.fixedNetworkIpv6TrafficShare,
        mobile_network_ipv6_traffic_share: r.yardsticks.mobileNetworkIpv6TrafficShare,
      },
      district: unitView(r.district),
      units: r.units.map(unitView),
      devices: r.devices.map(deviceSummaryView),
    });
  });

  app.get('/readiness/devices.csv', viewer, async (c) => {
    const r = await readiness.report();
    const day = r.generatedAt.slice(0, 10);
    return csvResponse(c, devicesCsv(r), `yunet-readiness-${day}.csv`);
  });

  app.get('/readiness/devices/:name', viewer, async (c) => {
    const name = c.req.param('name');
    const d = (await readiness.report()).devices.find((x) => x.device === name);
    if (!d) throw new ApiError(404, `device "${name}" not found (or disabled)`);
    return c.json(deviceView(d));
  });

  app.get('/readiness/findings', viewer, async (c) => {
    const { unit, kind, device } = c.req.query();
    const findings = (await readiness.report())
      .findings.filter((f) => (!unit || f.unit === unit) && (!kind || f.kind === kind) && (!device || f.device === device));
    return c.json({ findings: findings.map(findingView) });
  });

  return app;
}
