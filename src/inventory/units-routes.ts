import { Hono } from 'hono';
import { zValidator } from '@hono/zod-validator';
import { count, eq } from 'drizzle-orm';
import type { Db } from '../../db/index';
import { devices, units, type UnitRow } from '../../db/schema/inventory';
import { z } from 'zod';
import { unitSchema } from '../config/schema';
import { prefixString } from '../config/srv6';
import { requireRole } from '../auth/middleware';
import { unitRow } from './sync';
import { ApiError, zodHook } from '../http/errors';
import type { AppContext } from '../context';

function view(row: UnitRow, deviceCount: number) {
  return { name: row.name, town: row.town, ipv4: row.ipv4, ipv6: row.ipv6, devices: deviceCount, updated_at: row.updatedAt.toISOString() };
}

const createSchema = unitSchema.strict();
// Built without the defaults: a PATCH that leaves out ipv6 must not reset it to [].
const patchSchema = z
  .strictObject({ name: z.string().min(1), town: z.string().min(1).nullable(), ipv4: z.array(prefixString('ipv4')), ipv6: z.array(prefixString('ipv6')) })
  .partial();

/**
 * /api/units: organisational units and their address plan. Prefixes are validated like the config file
 * (host bits, /129, text are rejected with the value and its path); a rejected request changes nothing.
 */
export function unitRoutes(ctx: AppContext): Hono {
  const { db } = ctx;
  const app = new Hono();
  const find = async (q: Db, name: string) => {
    const [row] = await q.select().from(units).where(eq(units.name, name)).limit(1);
    if (!row) throw new ApiError(404, `unit "${name}" not found`);
    return row;
  };
  const taken = async (q: Db, name: string) => (await q.select({ name: units.name }).from(units).where(eq(units.name, name)).limit(1)).length > 0;
  const devicesOf = async (name: string) => (await db.select({ n: count() }).from(devices).where(eq(devices.unit, name)))[0]?.n ?? 0;

  app.get('/units', requireRole(db, 'viewer'), async (c) => {
    const rows = await db.select().from(units).orderBy(units.name);
    const counts = new Map((await db.select({ unit: devices.unit, n: count() }).from(devices).groupBy(devices.unit)).map((r) => [r.unit, r.n]));
    return c.json({ units: rows.map((r) => view(r, counts.get(r.name) ?? 0)) });
  });

  app.get('/units/:name', requireRole(db, 'viewer'), async (c) => {
    const row = await find(db, c.req.param('name'));
    return c.json(view(row, await devicesOf(row.name)));
  });

  app.post('/units', requireRole(db, 'admin'), zValidator('json', createSchema, zodHook('unit')), async (c) => {
    const u = c.req.valid('json');
    const row = await db.transaction(async (tx) => {
      if (await taken(tx, u.name)) throw new ApiError(409, `name: unit "${u.name}" already exists`);
      const [created] = await tx.insert(units).values(unitRow(u)).returning();
      return created;
    });
    return c.json(view(row, 0), 201);
  });

  app.patch('/units/:name', requireRole(db, 'admin'), zValidator('json', patchSchema, zodHook('unit')), async (c) => {
    const u = c.req.valid('json');
    const row = await db.transaction(async (tx) => {
      const row = await find(tx, c.req.param('name'));
      const name = u.name ?? row.name;
      if (name !== row.name && (await taken(tx, name))) throw new ApiError(409, `name: unit "${name}" already exists`);
      // Renaming cascades to devices.unit through the foreign key.
      const [updated] = await tx
        .update(units)
        .set({
          name,
          ...(u.town !== undefined && { town: u.town }),
          ...(u.ipv4 !== undefined && { ipv4: u.ipv4 }),
          ...(u.ipv6 !== undefined && { ipv6: u.ipv6 }),
          updatedAt: new Date(),
        })
        .where(eq(units.name, row.name))
        .returning();
      return updated;
    });
    return c.json(view(row, await devicesOf(row.name)));
  });

  app.delete('/units/:name', requireRole(db, 'admin'), async (c) => {
    const name = c.req.param('name');
    // Devices of the unit stay, without a unit (ON DELETE SET NULL).
    const removed = await db.delete(units).where(eq(units.name, name)).returning({ name: units.name });
    if (!removed.length) throw new ApiError(404, `unit "${name}" not found`);
    return c.body(null, 204);
  });

  return app;
}
