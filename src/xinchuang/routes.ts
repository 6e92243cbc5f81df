import { Hono } from 'hono';
import { requireRole } from '../auth/middleware';
import { ApiError } from '../http/errors';
import type { AppContext } from '../context';
import type { Services } from '../services';
import { dueForReplacement, type UnitSummary, type XinchuangDevice } from './inventory';
import { replacementExport, xinchuangDevices, xinchuangSummary, yearNow } from './service';

const unitView = (u: UnitSummary) => ({
  unit: u.unit,
  total: u.total,
  domestic: u.domestic,
  foreign: u.foreign,
  unknown: u.unknown,
  ratio: u.ratio,
  target: u.target,
  met: u.met,
  by_role: u.byRole,
});

/** The year asked for (?year=), else this year in Beijing time; a clear 400 naming the field otherwise. */
function yearOf(q: string | undefined): number {
  if (q === undefined) return yearNow();
  if (!/^\d{4}$/.test(q) || Number(q) < 2000 || Number(q) > 2100) throw new ApiError(400, 'year: expected a year between 2000 and 2100');
  return Number(q);
}

export const deviceView = (d: XinchuangDevice) => ({ ...d });

/** /api/xinchuang: the 信创 summary per unit and district, the classified devices, the targets, the replacement export. */
export function xinchuangRoutes(ctx: AppContext, services: Services): Hono {
  const app = new Hono();
  const viewer = requireRole(ctx.db, 'viewer');

  app.get('/xinchuang', viewer, (c) => {
    const year = yearOf(c.req.query('year'));
    const s = xinchuangSummary(ctx, services, year);
    return c.json({ year, district: unitView(s.district), units: s.units.map(unitView) });
  });
  app.get('/xinchuang/devices', viewer, (c) => {
    const list = xinchuangDevices(ctx, services);
    return c.json({ devices: (c.req.query('due') === '1' ? dueForReplacement(list) : list).map(deviceView) });
  });
  app.get('/xinchuang/targets', viewer, (c) => c.json({ targets: ctx.config.xinchuang.targets }));
  for (const ext of ['csv', 'xlsx'] as const)
    app.get(`/xinchuang/replacements.${ext}`, viewer, async (c) => {
      const body = await replacementExport(xinchuangDevices(ctx, services), ext, c.req.query('lang') === 'en' ? 'en' : 'zh');
      const type = ext === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      return c.body(body as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': type, 'Content-Disposition': `attachment; filename="yunet-xinchuang-replacements.${ext}"` });
    });
  return app;
}
