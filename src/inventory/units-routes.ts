import { Hono } from 'hono';
import { zValidator } from '@hono/zod-validator';
import { count, eq } from 'drizzle-orm';
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
  const find = (name: string) => {
    const row = db.select().from(units).where(eq(units.name, name)).get();
    if (!row) throw new ApiError(404, `unit "${name}" not found`);
    return row;
  };
  const devicesOf = (name: string) => db.select({ n: count() }).from(devices).where(eq(devices.unit, name)).get()?.n ?? 0;

  app.get('/units', requireRole(db, 'viewer'), (c) => {
    const rows = db.select().from(units).orderBy(units.name).all();
    return c.json({ units: rows.map((r) => view(r, devicesOf(r.name))) });
  });

  app.get('/units/:name', requireRole(db, 'viewer'), (c) => {
    const row = find(c.req.param('name'));
    return c.json(view(row, devicesOf(row.name)));
  });

  app.post('/units', requireRole(db, 'admin'), zValidator('json', createSchema, zodHook('unit')), (c) => {
    const u = c.req.valid('json');
    db.transaction((tx) => {
      if (tx.select().from(units).where(eq(units.name, u.name)).get()) throw new ApiError(409, `name: unit "${u.name}" already exists`);
      tx.insert(units).values(unitRow(u)).run();
    });
    return c.json(view(find(u.name), 0), 201);
  });

  app.patch('/units/:name', requireRole(db, 'admin'), zValidator('json', patchSchema, zodHook('unit')), (c) => {
    const row = find(c.req.param('name'));
    const u = c.req.valid('json');
    const name = u.name ?? row.name;
    db.transaction((tx) => {
      if (name !== row.name && tx.select().from(units).where(eq(units.name, name)).get()) throw new ApiError(409, `name: unit "${name}" already exists`);
      // Renaming cascades to devices.unit through the foreign key.
      tx.update(units)
        .set({
          name,
          ...(u.town !== undefined && { town: u.town }),
          ...(u.ipv4 !== undefined && { ipv4: u.ipv4 }),
          ...(u.ipv6 !== undefined && { ipv6: u.ipv6 }),
          updatedAt: new Date(),
        })
        .where(eq(units.name, row.name))
        .run();
    });
    return c.json(view(find(name), devicesOf(name)));
  });

  app.delete('/units/:name', requireRole(db, 'admin'), (c) => {
    const row = find(c.req.param('name'));
    // Devices of the unit stay, without a unit (ON DELETE SET NULL).
    db.delete(units).where(eq(units.name, row.name)).run();
    return c.body(null, 204);
  });

  return app;
}
