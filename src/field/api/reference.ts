import { Hono } from 'hono';
import { zValidator } from '@hono/zod-validator';
import { and, desc, eq } from 'drizzle-orm';
import { auditLog, buildTargets, inspections, inspectionVillages, towns, villages } from '../../../db/schema/field';
import { requireRole } from '../../auth/middleware';
import { ApiError, zodHook } from '../../http/errors';
import type { AppContext } from '../../context';
import { audit } from '../audit';
import { Lookups, townsChanged } from '../records/lookups';
import { sqliteOf } from '../sqlite';
import { inspectionSchema, targetSchema, townSchema, villageSchema } from './schemas';
import { z } from 'zod';
import { toCsv } from '../../csv';
import { csvResponse } from '../../http/csv';
import { formatParam, limitParam } from '../../http/params';

/** Towns and villages, yearly targets, inspections and the audit log. */
export function referenceRoutes(ctx: AppContext): Hono {
  const { db } = ctx;
  const sqlite = sqliteOf(db);
  const app = new Hono();
  const read = requireRole(db, 'viewer');
  const write = requireRole(db, 'coordinator');

  const town = (name: string) => {
    const t = db.select().from(towns).where(eq(towns.name, name)).get();
    if (!t) throw new ApiError(404, `town "${name}" not found (towns: ${new Lookups(sqlite).townList()})`);
    return t;
  };

  app.get('/towns', read, (c) => {
    const rows = sqlite
      .prepare('SELECT t.name, t.sort_order, count(v.id) villages FROM towns t LEFT JOIN villages v ON v.town_id = t.id GROUP BY t.id ORDER BY t.sort_order, t.id')
      .all();
    return c.json({ towns: rows });
  });
  app.post('/towns', requireRole(db, 'admin'), zValidator('json', townSchema, zodHook('town')), (c) => {
    const b = c.req.valid('json');
    if (db.select().from(towns).where(eq(towns.name, b.name)).get()) throw new ApiError(409, `name: town "${b.name}" already exists`);
    sqlite.transaction(() => {
      const id = db.insert(towns).values({ name: b.name, sortOrder: b.sort_order ?? 100 }).run().lastInsertRowid;
      audit(sqlite, { actor: c.get('principal'), entity: 'town', entityId: Number(id), action: 'create', after: b });
    })();
    townsChanged(sqlite);
    return c.json(b, 201);
  });
  app.patch('/towns/:name', write, zValidator('json', townSchema.partial(), zodHook('town')), (c) => {
    const t = town(c.req.param('name'));
    const b = c.req.valid('json');
    if (b.name && b.name !== t.name && db.select().from(towns).where(eq(towns.name, b.name)).get()) throw new ApiError(409, `name: town "${b.name}" already exists`);
    sqlite.transaction(() => {
      db.update(towns).set({ ...(b.name && { name: b.name }), ...(b.sort_order !== undefined && { sortOrder: b.sort_order }) }).where(eq(towns.id, t.id)).run();
      audit(sqlite, { actor: c.get('principal'), entity: 'town', entityId: t.id, action: 'update', before: { name: t.name, sort_order: t.sortOrder }, after: b });
    })();
    townsChanged(sqlite);
    return c.json({ name: b.name ?? t.name, sort_order: b.sort_order ?? t.sortOrder });
  });
  app.get('/towns/:name/villages', read, (c) => {
    const t = town(c.req.param('name'));
    return c.json({ town: t.name, villages: db.select({ name: villages.name }).from(villages).where(eq(villages.townId, t.id)).orderBy(villages.name).all().map((v) => v.name) });
  });
  app.post('/towns/:name/villages', write, zValidator('json', villageSchema, zodHook('village')), (c) => {
    const t = town(c.req.param('name'));
    const { name } = c.req.valid('json');
    if (db.select().from(villages).where(and(eq(villages.townId, t.id), eq(villages.name, name))).get()) throw new ApiError(409, `name: village "${name}" already exists in ${t.name}`);
    sqlite.transaction(() => {
      const id = db.insert(villages).values({ townId: t.id, name }).run().lastInsertRowid;
      audit(sqlite, { actor: c.get('principal'), entity: 'village', entityId: Number(id), action: 'create', after: { town: t.name, name } });
    })();
    return c.json({ town: t.name, name }, 201);
  });

  app.get('/targets', read, (c) => {
    const year = c.req.query('year');
    if (year !== undefined && !/^\d{4}$/.test(year)) throw new ApiError(400, `year: "${year}" is not a year`);
    const rows = db
      .select({ year: buildTargets.year, town: towns.name, operator: buildTargets.operator, target: buildTargets.target, demo: buildTargets.demo })
      .from(buildTargets)
      .innerJoin(towns, eq(towns.id, buildTargets.townId))
      .where(year ? eq(buildTargets.year, Number(year)) : undefined)
      .orderBy(buildTargets.year, towns.sortOrder, buildTargets.operator)
      .all()
      .map((r) => ({ ...r, operator: r.operator || null }));
    return c.json({ targets: rows });
  });
  app.put('/targets', write, zValidator('json', targetSchema, zodHook('target')), (c) => {
    const b = c.req.valid('json');
    const t = town(b.town);
    const operator = b.operator ?? '';
    sqlite.transaction(() => {
      const before = db.select().from(buildTargets).where(and(eq(buildTargets.year, b.year), eq(buildTargets.townId, t.id), eq(buildTargets.operator, operator))).get();
      db.insert(buildTargets)
        .values({ year: b.year, townId: t.id, operator, target: b.target })
        .onConflictDoUpdate({ target: [buildTargets.year, buildTargets.townId, buildTargets.operator], set: { target: b.target, demo: false } })
        .run();
      audit(sqlite, { actor: c.get('principal'), entity: 'target', entityId: `${b.year}/${t.name}/${operator}`, action: before ? 'update' : 'create', before: before ? { target: before.target } : undefined, after: b });
    })();
    return c.json({ ...b, operator: b.operator ?? null });
  });

  app.get('/inspections', read, zValidator('query', z.strictObject({ format: formatParam, limit: limitParam(5000, 500) }), zodHook('query')), (c) => {
    const q = c.req.valid('query');
    const rows = sqlite
      .prepare(
        `SELECT i.id, i.date, t.name town, i.inspector, i.notes, i.demo,
           (SELECT json_group_array(v.name) FROM inspection_villages iv JOIN villages v ON v.id = iv.village_id WHERE iv.inspection_id = i.id) villages,
           (SELECT count(*) FROM line_hazards h WHERE h.inspection_id = i.id) hazards_found
         FROM inspections i JOIN towns t ON t.id = i.town_id ORDER BY i.date DESC, i.id DESC LIMIT ?`,
      )
      .all(q.limit) as Record<string, unknown>[];
    const list = rows.map((r) => ({ ...r, demo: !!r.demo, villages: JSON.parse(r.villages as string) as string[] }));
    if (q.format === 'csv')
      return csvResponse(c, toCsv(list.map((r) => ({ ...r, villages: r.villages.join(' ') })), ['id', 'date', 'town', 'inspector', 'villages', 'hazards_found', 'notes']), 'inspections.csv');
    return c.json({ inspections: list });
  });
  app.post('/inspections', write, zValidator('json', inspectionSchema, zodHook('inspection')), (c) => {
    const b = c.req.valid('json');
    const t = town(b.town);
    const id = sqlite.transaction(() => {
      const lk = new Lookups(sqlite);
      const id = Number(db.insert(inspections).values({ date: b.date, townId: t.id, inspector: b.inspector ?? null, notes: b.notes ?? null }).run().lastInsertRowid);
      for (const v of new Set(b.villages)) db.insert(inspectionVillages).values({ inspectionId: id, villageId: lk.village(t.id, v) }).run();
      audit(sqlite, { actor: c.get('principal'), entity: 'inspection', entityId: id, action: 'create', after: b });
      return id;
    })();
    return c.json({ id, ...b, hazards_found: 0 }, 201);
  });

  const auditQuery = z.strictObject({ entity: z.string().min(1).optional(), entity_id: z.string().min(1).optional(), limit: limitParam(1000, 100), format: formatParam });
  app.get('/audit', read, zValidator('query', auditQuery, zodHook('query')), (c) => {
    const { entity, entity_id: entityId, limit, format } = c.req.valid('query');
    const rows = db
      .select()
      .from(auditLog)
      .where(and(entity ? eq(auditLog.entity, entity) : undefined, entityId ? eq(auditLog.entityId, entityId) : undefined))
      .orderBy(desc(auditLog.id))
      .limit(limit)
      .all();
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
