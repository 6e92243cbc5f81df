import { Hono } from 'hono';
import { operators } from '../../../db/schema/field';
import { requireRole } from '../../auth/middleware';
import { ApiError } from '../../http/errors';
import type { AppContext } from '../../context';
import { today } from '../dates';
import { blindSpotProgress, hazardProgress, stationProgress } from '../progress';

export function progressRoutes(ctx: AppContext): Hono {
  const { db } = ctx;
  const app = new Hono();
  const read = requireRole(ctx.db, 'viewer');
  app.get('/progress/stations', read, async (c) => {
    const y = c.req.query('year') ?? today().slice(0, 4);
    if (!/^\d{4}$/.test(y)) throw new ApiError(400, `year: "${y}" is not a year`);
    const op = c.req.query('operator') || null;
    if (op && !(operators as readonly string[]).includes(op)) throw new ApiError(400, `operator: "${op}" is not one of ${operators.join(', ')}`);
    return c.json(await stationProgress(db, Number(y), op));
  });
  app.get('/progress/blind-spots', read, async (c) => c.json(await blindSpotProgress(db)));
  app.get('/progress/hazards', read, async (c) => c.json(await hazardProgress(db)));
  return app;
}
