import { Hono } from 'hono';
import { zValidator } from '@hono/zod-validator';
import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { drills } from '../../db/schema/drills';
import { requireRole } from '../auth/middleware';
import { ApiError, zodHook } from '../http/errors';
import type { AppContext } from '../context';
import { annotate, annotations, createDrill, getDrill, listDrills, updateDrill, type DrillInput } from './store';
import { drillView } from './view';

const when = z.iso.datetime({ offset: true, message: 'expected an ISO 8601 time with offset, e.g. 2026-05-12T09:00:00+08:00' });
const scope = z.union([z.literal('all'), z.strictObject({ units: z.array(z.string().min(1)).min(1, 'name at least one unit, or use "all"') })]);

const fields = {
  name: z.string().min(1).max(128),
  starts_at: when,
  ends_at: when,
  scope,
  notes: z.string().max(10_000),
};
const createSchema = z.strictObject({ ...fields, scope: fields.scope.default('all'), notes: fields.notes.default('') });
// Without the defaults: a field left out of a PATCH keeps its value (zod applies a default even to an optional field).
const patchSchema = z.strictObject(fields).partial();
const annotationSchema = z.strictObject({ text: z.string().min(1).max(10_000), time: when.optional() });

const DRILL_ROLES = ['security', 'admin'] as const;

function toInput(b: Partial<z.infer<typeof createSchema>>): Partial<DrillInput> {
  return {
    ...(b.name !== undefined && { name: b.name }),
    ...(b.starts_at !== undefined && { startsAt: new Date(b.starts_at) }),
    ...(b.ends_at !== undefined && { endsAt: new Date(b.ends_at) }),
    ...(b.scope !== undefined && { scopeUnits: b.scope === 'all' ? null : [...new Set(b.scope.units)] }),
    ...(b.notes !== undefined && { notes: b.notes }),
  };
}

export function drillId(raw: string): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id < 1) throw new ApiError(400, `id: not a drill id: "${raw}"`);
  return id;
}

/** /api/drills: drill windows. security or admin create, change and annotate; viewers read. */
export function drillRoutes(ctx: AppContext): Hono {
  const { db } = ctx;
  const app = new Hono();

  app.get('/drills', requireRole(db, 'viewer'), async (c) => c.json({ drills: (await listDrills(db)).map((d) => drillView(d)) }));

  app.get('/drills/:id', requireRole(db, 'viewer'), async (c) => {
    const d = await getDrill(db, drillId(c.req.param('id')));
    return c.json({ ...drillView(d), annotations: (await annotations(db, d.id)).map((a) => ({ ...a, time: a.time.toISOString() })) });
  });

  app.post('/drills', requireRole(db, [...DRILL_ROLES]), zValidator('json', createSchema, zodHook('drill')), async (c) => {
    const row = await createDrill(db, toInput(c.req.valid('json')) as DrillInput, c.get('principal').name);
    return c.json(drillView(row), 201);
  });

  app.patch('/drills/:id', requireRole(db, [...DRILL_ROLES]), zValidator('json', patchSchema, zodHook('drill')), async (c) => {
    const row = await updateDrill(db, drillId(c.req.param('id')), toInput(c.req.valid('json')));
    return c.json(drillView(row));
  });

  app.delete('/drills/:id', requireRole(db, 'admin'), async (c) => {
    const id = drillId(c.req.param('id'));
    if (!(await db.delete(drills).where(eq(drills.id, id)).returning({ id: drills.id })).length) throw new ApiError(404, `drill ${id} not found`);
    return c.body(null, 204);
  });

  app.post('/drills/:id/annotations', requireRole(db, [...DRILL_ROLES]), zValidator('json', annotationSchema, zodHook('annotation')), async (c) => {
    const b = c.req.valid('json');
    const a = await annotate(db, drillId(c.req.param('id')), b.text, c.get('principal').name, b.time ? new Date(b.time) : undefined);
    return c.json({ ...a, time: a.time.toISOString() }, 201);
  });

  return app;
}
