import { Hono } from 'hono';
import { zValidator } from '@hono/zod-validator';
import { requireRole } from '../../auth/middleware';
import { ApiError, zodHook } from '../../http/errors';
import type { AppContext } from '../../context';
import { RecordService } from '../records/service';
import { isStatus } from '../status';
import type { Kind } from '../records/kinds';
import { kindSchema, transitionSchema } from './schemas';

/** The URL segment of a kind: blind_spots → blind-spots. */
export const pathOf = (k: Kind) => `/${k.name.replace('_', '-')}`;

/** CRUD, filters, pagination and status moves for one record kind. Reads need viewer, writes coordinator. */
export function recordRoutes(ctx: AppContext, kind: Kind): Hono {
  const svc = new RecordService(ctx.db, kind);
  const app = new Hono();
  const base = pathOf(kind);
  const read = requireRole(ctx.db, 'viewer');
  const write = requireRole(ctx.db, 'coordinator');

  app.get(base, read, async (c) => c.json(await svc.list(c.req.query())));
  app.get(`${base}/:key`, read, async (c) => c.json(await svc.get(c.req.param('key'))));
  app.post(base, write, zValidator('json', kindSchema(kind, 'create'), zodHook(kind.entity)), async (c) => {
    const { record } = await svc.saveGrouped(null, c.req.valid('json') as Record<string, unknown>, c.get('principal'));
    return c.json(record, 201);
  });
  app.patch(`${base}/:key`, write, zValidator('json', kindSchema(kind, 'patch'), zodHook(kind.entity)), async (c) => {
    const { reason, ...input } = c.req.valid('json') as Record<string, unknown>;
    return c.json((await svc.saveGrouped(c.req.param('key'), input, c.get('principal'), reason as string | undefined)).record);
  });
  app.post(`${base}/:key/status`, write, zValidator('json', transitionSchema, zodHook('status change')), async (c) => {
    const { status, date, reason } = c.req.valid('json');
    if (!isStatus(kind.machine, status))
      throw new ApiError(422, `status: unknown ${kind.entity} status "${status}" (expected one of ${[...kind.machine.flow, kind.machine.side].filter(Boolean).join(', ')})`);
    const df = kind.machine.dateField[status];
    const input: Record<string, unknown> = { status, ...(df && date ? { [df]: date } : {}) };
    return c.json((await svc.saveGrouped(c.req.param('key'), input, c.get('principal'), reason)).record);
  });
  app.delete(`${base}/:key`, requireRole(ctx.db, 'admin'), async (c) => {
    await svc.remove(c.req.param('key'), c.get('principal'), c.req.query('reason'));
    return c.body(null, 204);
  });
  return app;
}
