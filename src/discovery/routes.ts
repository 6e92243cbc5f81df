import { Hono } from 'hono';
import { zValidator } from '@hono/zod-validator';
import { z } from 'zod';
import { and, eq, type SQL } from 'drizzle-orm';
import { discoveryCandidates, type CandidateRow } from '../../db/schema/discovery';
import { requireRole } from '../auth/middleware';
import { ApiError, zodHook } from '../http/errors';
import type { AppContext } from '../context';
import { approveCandidate, CandidateError, ignoreCandidate } from './candidates';
import { discoveryService } from './service';
import { sweepRanges } from './sweep';

export const candidateView = (r: CandidateRow) => ({
  id: r.id,
  address: r.address,
  port: r.port,
  sys_name: r.sysName,
  sys_object_id: r.sysObjectId,
  vendor: r.vendor,
  unit: r.unit,
  credential: r.credential,
  source: r.source,
  status: r.status,
  known_device: r.knownDevice,
  first_seen: r.firstSeen.toISOString(),
  last_seen: r.lastSeen.toISOString(),
});

const filterSchema = z.strictObject({
  status: z.enum(['new', 'approved', 'ignored', 'moved']).optional(),
  unit: z.string().min(1).max(128).optional(),
  vendor: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).default(0),
});
export type CandidateFilter = z.infer<typeof filterSchema>;

export async function listCandidates(ctx: AppContext, f: CandidateFilter): Promise<CandidateRow[]> {
  const where: SQL[] = [];
  if (f.status) where.push(eq(discoveryCandidates.status, f.status));
  if (f.unit) where.push(eq(discoveryCandidates.unit, f.unit));
  if (f.vendor) where.push(eq(discoveryCandidates.vendor, f.vendor));
  return ctx.db.select().from(discoveryCandidates).where(and(...where)).orderBy(discoveryCandidates.address).limit(f.limit).offset(f.offset);
}

const asApiError = (e: unknown) => (e instanceof CandidateError ? new ApiError(e.status, e.message) : e);

/** /api/discovery: admins only (sweep settings name credentials and address plans). */
export function discoveryRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  const admin = requireRole(ctx.db, 'admin');
  const service = discoveryService(ctx);

  app.get('/discovery', admin, async (c) => {
    const d = ctx.config.discovery;
    return c.json({
      enabled: d.enabled,
      ranges: await sweepRanges(ctx.db, d),
      exclude: d.exclude,
      credentials: d.credentials,
      schedule: d.schedule ?? null,
      rate_per_second: d.rate_per_second,
      max_candidates: d.max_candidates,
      running: service.running !== null,
      last_sweep: service.last,
      last_error: service.lastError,
      pending: await service.pending(),
    });
  });

  app.get('/discovery/candidates', admin, zValidator('query', filterSchema, zodHook('query')), async (c) =>
    c.json({ candidates: (await listCandidates(ctx, c.req.valid('query'))).map(candidateView) }),
  );

  app.post('/discovery/sweep', admin, (c) => {
    if (!ctx.config.discovery.enabled) throw new ApiError(409, 'discovery: not enabled in the configuration (discovery.enabled)');
    const already = service.running !== null;
    service.start().catch(() => undefined);
    return c.json({ started: !already }, 202);
  });

  const approveSchema = z.strictObject({ name: z.string().min(1).max(128).optional(), unit: z.string().min(1).nullable().optional() });
  app.post('/discovery/candidates/:id/approve', admin, zValidator('json', approveSchema, zodHook('approval')), async (c) => {
    try {
      return c.json(candidateView(await approveCandidate(ctx.db, Number(c.req.param('id')), c.req.valid('json'))), 201);
    } catch (e) {
      throw asApiError(e);
    }
  });

  app.post('/discovery/candidates/:id/ignore', admin, async (c) => {
    try {
      return c.json(candidateView(await ignoreCandidate(ctx.db, Number(c.req.param('id')))));
    } catch (e) {
      throw asApiError(e);
    }
  });

  return app;
}
