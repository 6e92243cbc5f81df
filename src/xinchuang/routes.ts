import { Hono } from 'hono';
import { zValidator } from '@hono/zod-validator';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { devices, units } from '../../db/schema/inventory';
import { xinchuangOverrides, xinchuangTargets } from '../../db/schema/xinchuang';
import { XINCHUANG_ROLES } from '../config/xinchuang';
import { zodHook } from '../http/errors';
import { requireRole } from '../auth/middleware';
import { ApiError } from '../http/errors';
import type { AppContext } from '../context';
import type { Services } from '../services';
import { DISTRICT, dueForReplacement, type UnitSummary, type XinchuangDevice } from './inventory';
import { effectiveConfig, replacementExport, xinchuangDevices, xinchuangSummary, yearNow } from './service';

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

const targetBody = z.strictObject({ unit: z.string().min(1).max(128), year: z.number().int().min(2000).max(2100), ratio: z.number().min(0).max(1) });
/** Replaces the device's API overrides; a field left out falls back to the config file, then to the agent. */
const overrideBody = z.strictObject({
  vendor: z.string().min(1).max(64).optional(),
  model: z.string().min(1).max(128).optional(),
  version: z.string().min(1).max(128).optional(),
  role: z.enum(XINCHUANG_ROLES).optional(),
});

export const deviceView = (d: XinchuangDevice) => ({ ...d });

/** /api/xinchuang: the 信创 summary per unit and district, the classified devices, the targets, the replacement export. */
export function xinchuangRoutes(ctx: AppContext, services: Services): Hono {
  const app = new Hono();
  const viewer = requireRole(ctx.db, 'viewer');
  const coordinator = requireRole(ctx.db, 'coordinator');

  app.get('/xinchuang', viewer, async (c) => {
    const year = yearOf(c.req.query('year'));
    const s = await xinchuangSummary(ctx, services, year);
    return c.json({ year, district: unitView(s.district), units: s.units.map(unitView) });
  });
  app.get('/xinchuang/devices', viewer, async (c) => {
    const list = await xinchuangDevices(ctx, services);
    return c.json({ devices: (c.req.query('due') === '1' ? dueForReplacement(list) : list).map(deviceView) });
  });
  app.get('/xinchuang/targets', viewer, async (c) => c.json({ targets: (await effectiveConfig(ctx)).targets }));
  // Each check and its write in one transaction: the unit or device cannot go away in between.
  app.put('/xinchuang/targets', coordinator, zValidator('json', targetBody, zodHook('target')), async (c) => {
    const b = c.req.valid('json');
    await ctx.db.transaction(async (tx) => {
      if (b.unit !== DISTRICT && !(await tx.select({ name: units.name }).from(units).where(eq(units.name, b.unit)).limit(1)).length)
        throw new ApiError(404, `unit: "${b.unit}" is not a unit (use "*" for the district)`);
      await tx
        .insert(xinchuangTargets)
        .values({ ...b, updatedAt: new Date() })
        .onConflictDoUpdate({ target: [xinchuangTargets.year, xinchuangTargets.unit], set: { ratio: b.ratio, updatedAt: new Date() } });
    });
    return c.json(b);
  });
  app.put('/xinchuang/devices/:name', coordinator, zValidator('json', overrideBody, zodHook('device')), async (c) => {
    const name = c.req.param('name');
    const b = c.req.valid('json');
    const row = { vendor: b.vendor ?? null, model: b.model ?? null, version: b.version ?? null, role: b.role ?? null, updatedAt: new Date() };
    await ctx.db.transaction(async (tx) => {
      if (!(await tx.select({ name: devices.name }).from(devices).where(eq(devices.name, name)).limit(1)).length) throw new ApiError(404, `device "${name}" not found`);
      await tx.insert(xinchuangOverrides).values({ device: name, ...row }).onConflictDoUpdate({ target: xinchuangOverrides.device, set: row });
    });
    return c.json({ device: name, ...b });
  });
  for (const ext of ['csv', 'xlsx'] as const)
    app.get(`/xinchuang/replacements.${ext}`, viewer, async (c) => {
      const body = await replacementExport(await xinchuangDevices(ctx, services), ext, c.req.query('lang') === 'en' ? 'en' : 'zh');
      const type = ext === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      return c.body(body as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': type, 'Content-Disposition': `attachment; filename="yunet-xinchuang-replacements.${ext}"` });
    });
  return app;
}
