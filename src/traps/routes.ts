import { Hono } from 'hono';
import { zValidator } from '@hono/zod-validator';
import { z } from 'zod';
import { and, desc, eq, gte, isNotNull, isNull, lt, lte, type SQL } from 'drizzle-orm';
import { attributions, eventCategories, eventKinds, events, trapRejections, type EventRow } from '../../db/schema/events';
import { requireRole } from '../auth/middleware';
import { rejectionTotals } from './rejections';
import { zodHook } from '../http/errors';
import type { AppContext } from '../context';

const query = z.strictObject({
  device: z.string().min(1).optional(),
  source: z.string().min(1).optional(),
  trap: z.string().min(1).optional(),
  category: z.enum(eventCategories).optional(),
  kind: z.enum(eventKinds).optional(),
  /** true: only events whose source matched no device. */
  unknown_source: z.enum(['true', 'false']).optional(),
  attribution: z.enum(attributions).optional(),
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
    /** authenticated: an SNMPv3 digest proves the sender; unverified: the source address is only claimed. */
    attribution: e.attribution,
  };
}

const rejectionQuery = z.strictObject({
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  source: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/** GET /api/events: traps, informs and rejected datagrams, newest first, filtered. */
export function eventRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  app.get('/events', requireRole(ctx.db, 'viewer'), zValidator('query', query, zodHook('query')), async (c) => {
    const q = c.req.valid('query');
    const where: SQL[] = [];
    if (q.device) where.push(eq(events.device, q.device));
    if (q.source) where.push(eq(events.source, q.source));
    if (q.trap) where.push(eq(events.trap, q.trap));
    if (q.category) where.push(eq(events.category, q.category));
    if (q.kind) where.push(eq(events.kind, q.kind));
    if (q.attribution) where.push(eq(events.attribution, q.attribution));
    if (q.unknown_source) where.push(q.unknown_source === 'true' ? isNull(events.device) : isNotNull(events.device));
    if (q.since) where.push(gte(events.time, new Date(q.since)));
    if (q.until) where.push(lte(events.time, new Date(q.until)));
    if (q.before) where.push(lt(events.id, q.before));
    const rows = await ctx.db.select().from(events).where(and(...where)).orderBy(desc(events.id)).limit(q.limit);
    return c.json({ events: rows.map(eventView), next_before: rows.length === q.limit ? rows[rows.length - 1].id : null });
  });
  // Refused datagrams, summed per claimed source and reason in SQL. The source is what the datagram
  // claims: the inventory device at that address is named as such, never as the sender.
  app.get('/events/rejections', requireRole(ctx.db, 'viewer'), zValidator('query', rejectionQuery, zodHook('query')), async (c) => {
    const q = c.req.valid('query');
    const where: SQL[] = [];
    if (q.since) where.push(gte(trapRejections.bucket, Math.floor(Date.parse(q.since) / 60_000) * 60));
    if (q.until) where.push(lte(trapRejections.bucket, Math.floor(Date.parse(q.until) / 1000)));
    if (q.source) where.push(eq(trapRejections.source, q.source));
    return c.json({ rejections: await rejectionTotals(ctx.db, and(...where), q.limit) });
  });
  return app;
}
