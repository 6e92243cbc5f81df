import { Hono } from 'hono';
import type { AppContext } from '../context';
import { requireRole } from '../auth/middleware';
import { ApiError, onError } from '../http/errors';
import { buildReport } from '../incidents/report';
import { drillId } from '../incidents/report-routes';
import { drillView } from '../drills/view';
import { listDrills } from '../drills/store';
import { pageRenderer } from './layout';
import { DrillsPage, ReportPage } from './pages/drills';
import { sessionMiddleware } from './session';

/** /drills (list) and /drills/:id/report: the web pages. */
export function drillPageRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  // Read-only pages: a browser signed in at /field/signin is recognised by its session cookie.
  for (const p of ['/drills', '/drills/*']) app.use(p, sessionMiddleware(ctx.db), pageRenderer({ demo: ctx.demo }));
  app.onError((err, c) => {
    if (err instanceof ApiError && err.status === 401) return c.redirect(`/field/signin?next=${encodeURIComponent(c.req.path)}`);
    return onError(err, c);
  });
  app.get('/drills', requireRole(ctx.db, 'viewer'), (c) => c.render(<DrillsPage drills={listDrills(ctx.db).map((d) => drillView(d))} />));
  app.get('/drills/:id/report', requireRole(ctx.db, 'viewer'), (c) => {
    const r = buildReport(ctx.db, drillId(c.req.param('id')));
    return c.render(<ReportPage r={r} />, { title: `演练复盘报告 After-action report — ${r.drill.name}` });
  });
  return app;
}
