import { Hono } from 'hono';
import { sessionMiddleware } from '../web/session';
import { ApiError, onError } from '../http/errors';
import { requireRole } from '../auth/middleware';
import { csvResponse } from '../http/csv';
import type { AppContext } from '../context';
import { buildReport } from './report';
import { reportCsv } from './report-csv';
import { DrillsPage, ReportPage } from './report-page';
import { drillView } from '../drills/view';
import { listDrills } from '../drills/store';

function drillId(raw: string): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id < 1) throw new ApiError(400, `id: not a drill id: "${raw}"`);
  return id;
}

/** /api/drills/:id/report (JSON) and /api/drills/:id/report.csv. */
export function reportApiRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  app.get('/drills/:id/report', requireRole(ctx.db, 'viewer'), (c) => c.json(buildReport(ctx.db, drillId(c.req.param('id')))));
  app.get('/drills/:id/report.csv', requireRole(ctx.db, 'viewer'), (c) => {
    const r = buildReport(ctx.db, drillId(c.req.param('id')));
    return csvResponse(c, reportCsv(r), `drill-${r.drill.id}-report.csv`, `${r.drill.name}-复盘.csv`);
  });
  return app;
}

/** /drills (list) and /drills/:id/report: the web pages. */
export function reportPageRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  // Read-only pages: a browser signed in at /field/signin is recognised by its session cookie.
  for (const p of ['/drills', '/drills/*']) app.use(p, sessionMiddleware(ctx.db));
  app.onError((err, c) => {
    if (err instanceof ApiError && err.status === 401) return c.redirect(`/field/signin?next=${encodeURIComponent(c.req.path)}`);
    return onError(err, c);
  });
  app.get('/drills', requireRole(ctx.db, 'viewer'), (c) => c.html('<!DOCTYPE html>' + String(<DrillsPage drills={listDrills(ctx.db).map((d) => drillView(d))} />)));
  app.get('/drills/:id/report', requireRole(ctx.db, 'viewer'), (c) => {
    const r = buildReport(ctx.db, drillId(c.req.param('id')));
    return c.html('<!DOCTYPE html>' + String(<ReportPage r={r} />));
  });
  return app;
}
