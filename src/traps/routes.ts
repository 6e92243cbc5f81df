import { Hono } from 'hono';
import { zValidator } from '@hono/zod-validator';
import { z } from 'zod';
import { and, desc, eq, gte, isNotNull, isNull, lt, lte, type SQL } from 'drizzle-orm';
import { eventCategories, eventKinds, events, type EventRow } from '../../db/schema/events';
import { requireRole } from '../auth/middleware';
import { zodHook } from '../http/errors';
import type { AppContext } from '../http/context';

const query = z.strictObject({
  device: z.string().min(1).optional(),
  source: z.string().min(1).optional(),
  trap: z.string().min(1).optional(),
  category: z.enum(eventCategories).optional(),
  kind: z.enum(eventKinds).optional(),
  /** true: only events whose source matched no device. */
  unknown_source: z.enum(['true', 'false']).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  /** Paging: events with an id below this one (the previous page's next_before). */
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export function eventView(e: EventRow) {
  return {
    id: e.id,
    time: e.time.toISOString(),
    source: e.source,
    device: e.device,
    kind: e.kind,
    version: e.version,
    trap_oid: e.trapOid,
    trap: e.trap,
    category: e.category,
    summary: e.summary,
    varbinds: e.varbinds,
  };
}

/** GET /api/events: traps, informs and rejected datagrams, newest first, filtered. */
export function eventRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  app.get('/events', requireRole(ctx.db, 'viewer'), zValidator('query', query, zodHook('query')), (c) => {
    const q = c.req.valid('query');
    const where: SQL[] = [];
    if (q.device) where.push(eq(events.device, q.device));
    if (q.source) where.push(eq(events.source, q.source));
    if (q.trap) where.push(eq(events.trap, q.trap));
    if (q.category) where.push(eq(events.category, q.category));
    if (q.kind) where.push(eq(events.kind, q.kind));
    if (q.unknown_source) where.push(q.unknown_source === 'true' ? isNull(events.device) : isNotNull(events.device));
    if (q.since) where.push(gte(events.time, new Date(q.since)));
    if (q.until) where.push(lte(events.time, new Date(q.until)));
    if (q.before) where.push(lt(events.id, q.before));
    const rows = ctx.db.select().from(events).where(and(...where)).orderBy(desc(events.id)).limit(q.limit).all();
    return c.json({ events: rows.map(eventView), next_before: rows.length === q.limit ? rows[rows.length - 1].id : null });
  });
  return app;
}
