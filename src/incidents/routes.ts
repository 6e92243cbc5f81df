import { Hono, type MiddlewareHandler } from 'hono';
import { zValidator } from '@hono/zod-validator';
import { z } from 'zod';
import { and, desc, eq, type SQL } from 'drizzle-orm';
import { incidents } from '../../db/schema/drills';
import { requireRole } from '../auth/middleware';
import { ApiError, zodHook } from '../http/errors';
import { bearerToken, sameSecret } from '../http/access';
import type { AppContext } from '../context';
import { ingestNotification } from './ingest';
import { webhookSchema } from './payload';
import { incidentView } from './view';

/**
 * Alertmanager authenticates with `Authorization: Bearer <drills.webhook_secret>` (http_config.authorization)
 * or with a yunet API token of role security or admin.
 */
function webhookAuth(ctx: AppContext): MiddlewareHandler {
  const secret = ctx.config.drills.webhook_secret;
  const byToken = requireRole(ctx.db, ['security', 'admin']);
  return async (c, next) => {
    const token = bearerToken(c);
    if (secret && token && sameSecret(token, secret)) {
      c.set('principal', { name: 'alertmanager', role: 'security' });
      return next();
    }
    return byToken(c, next);
  };
}

const listQuery = z.strictObject({
  drill: z.coerce.number().int().min(1).optional(),
  status: z.enum(['firing', 'resolved']).optional(),
  alertname: z.string().min(1).optional(),
  device: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

const attackSchema = z.strictObject({
  attack_started_at: z.iso.datetime({ offset: true, message: 'expected an ISO 8601 time with offset' }).nullable(),
  attack_note: z.string().max(10_000).optional(),
});

function incidentId(raw: string): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id < 1) throw new ApiError(400, `id: not an incident id: "${raw}"`);
  return id;
}

/** POST /api/alerts/webhook (Alertmanager) and /api/incidents (the timeline). */
export function incidentRoutes(ctx: AppContext): Hono {
  const { db } = ctx;
  const app = new Hono();

  app.post('/alerts/webhook', webhookAuth(ctx), zValidator('json', webhookSchema, zodHook('Alertmanager webhook payload')), async (c) => {
    const result = await ingestNotification(db, c.req.valid('json'));
    return c.json(result);
  });

  app.get('/incidents', requireRole(db, 'viewer'), zValidator('query', listQuery, zodHook('query')), async (c) => {
    const q = c.req.valid('query');
    const where: SQL[] = [];
    if (q.drill) where.push(eq(incidents.drillId, q.drill));
    if (q.status) where.push(eq(incidents.status, q.status));
    if (q.alertname) where.push(eq(incidents.alertname, q.alertname));
    if (q.device) where.push(eq(incidents.device, q.device));
    const rows = await db.select().from(incidents).where(and(...where)).orderBy(desc(incidents.startsAt)).limit(q.limit);
    return c.json({ incidents: rows.map(incidentView) });
  });

  app.get('/incidents/:id', requireRole(db, 'viewer'), async (c) => {
    const [row] = await db.select().from(incidents).where(eq(incidents.id, incidentId(c.req.param('id')))).limit(1);
    if (!row) throw new ApiError(404, `incident ${c.req.param('id')} not found`);
    return c.json(incidentView(row));
  });

  // The attacking team's reported start: with it, time-to-detect and time-to-resolve appear.
  app.patch('/incidents/:id', requireRole(db, ['security', 'admin']), zValidator('json', attackSchema, zodHook('incident')), async (c) => {
    const id = incidentId(c.req.param('id'));
    const b = c.req.valid('json');
    const by = c.get('principal').name;
    const attack = b.attack_started_at ? new Date(b.attack_started_at) : null;
    // Read, checked and written in one transaction: the incident cannot change or go between the check and the write.
    const updated = await db.transaction(async (tx) => {
      const [row] = await tx.select().from(incidents).where(eq(incidents.id, id)).limit(1);
      if (!row) throw new ApiError(404, `incident ${id} not found`);
      if (attack && attack.getTime() > row.startsAt.getTime())
        throw new ApiError(400, `attack_started_at: ${attack.toISOString()} is after the alert fired (${row.startsAt.toISOString()})`);
      const [written] = await tx
        .update(incidents)
        .set({ attackStartedAt: attack, ...(b.attack_note !== undefined && { attackNote: b.attack_note }), annotatedBy: by })
        .where(eq(incidents.id, id))
        .returning();
      return written;
    });
    return c.json(incidentView(updated));
  });

  return app;
}
