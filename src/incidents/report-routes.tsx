import { Hono } from 'hono';
import { drillId } from '../drills/routes';
import { requireRole } from '../auth/middleware';
import { csvResponse } from '../http/csv';
import type { AppContext } from '../context';
import { buildReport } from './report';
import { reportCsv } from './report-csv';


/** /api/drills/:id/report (JSON) and /api/drills/:id/report.csv. */
export function reportApiRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  app.get('/drills/:id/report', requireRole(ctx.db, 'viewer'), async (c) => c.json(await buildReport(ctx.db, drillId(c.req.param('id')))));
  app.get('/drills/:id/report.csv', requireRole(ctx.db, 'viewer'), async (c) => {
    const r = await buildReport(ctx.db, drillId(c.req.param('id')));
    return csvResponse(c, reportCsv(r), `drill-${r.drill.id}-report.csv`, `${r.drill.name}-复盘.csv`);
  });
  return app;
}
