import { Hono } from 'hono';
import { zValidator } from '@hono/zod-validator';
import { and, count, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../db/index';
import { auditLog, buildTargets, hazards, inspections, inspectionVillages, towns, villages } from '../../../db/schema/field';
import { requireRole } from '../../auth/middleware';
import { ApiError, zodHook } from '../../http/errors';
import type { AppContext } from '../../context';
import { audit } from '../audit';
import { Lookups, townsChanged } from '../records/lookups';
import { inspectionSchema, targetSchema, townSchema, villageSchema } from './schemas';
import { z } from 'zod';
import { toCsv } from '../../csv';
import { csvResponse } from '../../http/csv';
import { formatParam, limitParam } from '../../http/params';

/** Towns and villages, yearly targets, inspections and the audit log. */
export function referenceRoutes(ctx: AppContext): Hono {
  const { db } = ctx;
  const app = new Hono();
  const read = requireRole(db, 'viewer');
  const write = requireRole(db, 'coordinator');

  /** The town named, read through `q` (a write's transaction); a 404 naming the towns there are. */
  const town = async (name: string, q: Db = db) => {
    const [t] = await q.select().from(towns).where(eq(towns.name, name)).limit(1);
    if (!t) throw new ApiError(404, `town "${name}" not found (towns: ${(await Lookups.load(db, q)).townList()})`);
    return t;
  };
  const townExists = async (q: Db, name: string) => (await q.select({ id: towns.id }).from(towns).where(eq(towns.name, name)).limit(1)).length > 0;

  app.get('/towns', read, async (c) => {
    const rows = await db
      .select({ name: towns.name, sort_order: towns.sortOrder, villages: count(villages.id) })
      .from(towns)
      .leftJoin(villages, eq(villages.townId, towns.id))
      .groupBy(towns.id, towns.name, towns.sortOrder)
      .orderBy(towns.sortOrder, towns.id);
    return c.json({ towns: rows });
  });
  // Each write checks what it refuses inside its transaction, so a concurrent write cannot slip in between.
  app.post('/towns', requireRole(db, 'admin'), zValidator('json', townSchema, zodHook('town')), async (c) => {
    const b = c.req.valid('json');
    await db.transaction(async (tx) => {
      if (await townExists(tx, b.name)) throw new ApiError(409, `name: town "${b.name}" already exists`);
      const [{ id }] = await tx.insert(towns).values({ name: b.name, sortOrder: b.sort_order ?? 100 }).returning({ id: towns.id });
      await audit(tx, { actor: c.get('principal'), entity: 'town', entityId: id, action: 'create', after: b });
    });
    townsChanged(db);
    return c.json(b, 201);
  });
  app.patch('/towns/:name', write, zValidator('json', townSchema.partial(), zodHook('town')), async (c) => {
    const b = c.req.valid('json');
    const t = await db.transaction(async (tx) => {
      const t = await town(c.req.param('name'), tx);
      if (b.name && b.name !== t.name && (await townExists(tx, b.name))) throw new ApiError(409, `name: town "${b.name}" already exists`);
      await tx.update(towns).set({ ...(b.name && { name: b.name }), ...(b.sort_order !== undefined && { sortOrder: b.sort_order }) }).where(eq(towns.id, t.id));
      await audit(tx, { actor: c.get('principal'), entity: 'town', entityId: t.id, action: 'update', before: { name: t.name, sort_order: t.sortOrder }, after: b });
      return t;
    });
    townsChanged(db);
    return c.json({ name: b.name ?? t.name, sort_order: b.sort_order ?? t.sortOrder });
  });
  app.get('/towns/:name/villages', read, async (c) => {
    const t = await town(c.req.param('name'));
    const list = await db.select({ name: villages.name }).from(villages).where(eq(villages.townId, t.id)).orderBy(villages.name);
    return c.json({ town: t.name, villages: list.map((v) => v.name) });
  });
  app.post('/towns/:name/villages', write, zValidator('json', villageSchema, zodHook('village')), async (c) => {
    const { name } = c.req.valid('json');
    const t = await db.transaction(async (tx) => {
      const t = await town(c.req.param('name'), tx);
      if ((await tx.select({ id: villages.id }).from(villages).where(and(eq(villages.townId, t.id), eq(villages.name, name))).limit(1)).length)
        throw new ApiError(409, `name: village "${name}" already exists in ${t.name}`);
      const [{ id }] = await tx.insert(villages).values({ townId: t.id, name }).returning({ id: villages.id });
      await audit(tx, { actor: c.get('principal'), entity: 'village', entityId: id, action: 'create', after: { town: t.name, name } });
      return t;
    });
    return c.json({ town: t.name, name }, 201);
  });

  app.get('/targets', read, async (c) => {
    const year = c.req.query('year');
    if (year !== undefined && !/^\d{4}$/.test(year)) throw new ApiError(400, `year: "${year}" is not a year`);
    const rows = await db
      .select({ year: buildTargets.year, town: towns.name, operator: buildTargets.operator, target: buildTargets.target, demo: buildTargets.demo })
      .from(buildTargets)
      .innerJoin(towns, eq(towns.id, buildTargets.townId))
      .where(year ? eq(buildTargets.year, Number(year)) : undefined)
      .orderBy(buildTargets.year, towns.sortOrder, buildTargets.operator);
    return c.json({ targets: rows.map((r) => ({ ...r, operator: r.operator || null })) });
  });
  app.put('/targets', write, zValidator('json', targetSchema, zodHook('target')), async (c) => {
    const b = c.req.valid('json');
    const operator = b.operator ?? '';
    await db.transaction(async (tx) => {
      const t = await town(b.town, tx);
      const [before] = await tx.select().from(buildTargets).where(and(eq(buildTargets.year, b.year), eq(buildTargets.townId, t.id), eq(buildTargets.operator, operator))).limit(1);
      await tx
        .insert(buildTargets)
        .values({ year: b.year, townId: t.id, operator, target: b.target })
        .onConflictDoUpdate({ target: [buildTargets.year, buildTargets.townId, buildTargets.operator], set: { target: b.target, demo: false } });
      await audit(tx, { actor: c.get('principal'), entity: 'target', entityId: `${b.year}/${t.name}/${operator}`, action: before ? 'update' : 'create', before: before ? { target: before.target } : undefined, after: b });
    });
    return c.json({ ...b, operator: b.operator ?? null });
  });

  app.get('/inspections', read, zValidator('query', z.strictObject({ format: formatParam, limit: limitParam(5000, 500) }), zodHook('query')), async (c) => {
    const q = c.req.valid('query');
    const rows = await db
      .select({
        id: inspections.id, date: inspections.date, town: towns.name, inspector: inspections.inspector, notes: inspections.notes, demo: inspections.demo,
        hazards_found: sql<number>`(SELECT count(*) FROM ${hazards} WHERE ${hazards.inspectionId} = ${inspections.id})`.mapWith(Number),
      })
      .from(inspections)
      .innerJoin(towns, eq(towns.id, inspections.townId))
      .orderBy(desc(inspections.date), desc(inspections.id))
      .limit(q.limit);
    // Village names in a second query (aggregating them into one column differs per database), in the order they were added.
    const named = new Map<number, string[]>(rows.map((r) => [r.id, []]));
    if (rows.length)
      for (const v of await db
        .select({ inspectionId: inspectionVillages.inspectionId, name: villages.name })
        .from(inspectionVillages)
        .innerJoin(villages, eq(villages.id, inspectionVillages.villageId))
        .where(inArray(inspectionVillages.inspectionId, rows.map((r) => r.id)))
        .orderBy(inspectionVillages.inspectionId, inspectionVillages.villageId))
        named.get(v.inspectionId)!.push(v.name);
    const list = rows.map((r) => ({ ...r, villages: named.get(r.id)! }));
    if (q.format === 'csv')
      return csvResponse(c, toCsv(list.map((r) => ({ ...r, villages: r.villages.join(' ') })), ['id', 'date', 'town', 'inspector', 'villages', 'hazards_found', 'notes']), 'inspections.csv');
    return c.json({ inspections: list });
  });
  app.post('/inspections', write, zValidator('json', inspectionSchema, zodHook('inspection')), async (c) => {
    const b = c.req.valid('json');
    const id = await db.transaction(async (tx) => {
      const t = await town(b.town, tx);
      const lk = await Lookups.load(db, tx);
      const [{ id }] = await tx.insert(inspections).values({ date: b.date, townId: t.id, inspector: b.inspector ?? null, notes: b.notes ?? null }).returning({ id: inspections.id });
      for (const v of new Set(b.villages)) await tx.insert(inspectionVillages).values({ inspectionId: id, villageId: await lk.village(t.id, v) });
      await audit(tx, { actor: c.get('principal'), entity: 'inspection', entityId: id, action: 'create', after: b });
      return id;
    });
    return c.json({ id, ...b, hazards_found: 0 }, 201);
  });

  const auditQuery = z.strictObject({ entity: z.string().min(1).optional(), entity_id: z.string().min(1).optional(), limit: limitParam(1000, 100), format: formatParam });
  app.get('/audit', read, zValidator('query', auditQuery, zodHook('query')), async (c) => {
    const { entity, entity_id: entityId, limit, format } = c.req.valid('query');
    const rows = await db
      .select()
      .from(auditLog)
      .where(and(entity ? eq(auditLog.entity, entity) : undefined, entityId ? eq(auditLog.entityId, entityId) : undefined))
      .orderBy(desc(auditLog.id))
      .limit(limit);
    if (format === 'csv')
      return csvResponse(
        c,
        toCsv(rows.map((r) => ({ at: r.at.toISOString(), actor: r.actor, actor_role: r.actorRole, entity: r.entity, entity_id: r.entityId, action: r.action, before: r.before ?? '', after: r.after ?? '', reason: r.reason ?? '' })), ['at', 'actor', 'actor_role', 'entity', 'entity_id', 'action', 'before', 'after', 'reason']),
        'audit.csv',
      );
    return c.json({
      entries: rows.map((r) => ({
        at: r.at.toISOString(), actor: r.actor, actor_role: r.actorRole, entity: r.entity, entity_id: r.entityId, action: r.action,
        before: r.before ? JSON.parse(r.before) : null, after: r.after ? JSON.parse(r.after) : null, reason: r.reason,
      })),
    });
  });
  return app;
}
