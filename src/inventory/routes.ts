import { Hono } from 'hono';
import { zValidator } from '@hono/zod-validator';
import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { credentials, devices, units, type DeviceRow } from '../../db/schema/inventory';
import { deviceSchema, type DeviceConfig } from '../config/schema';
import { requireRole } from '../auth/middleware';
import { deviceRow } from './sync';
import { ApiError, zodHook } from '../http/errors';
import type { AppContext } from '../context';
import type { DeviceState } from '../poll/state';

function view(row: DeviceRow, state: DeviceState | undefined) {
  return {
    name: row.name,
    address: row.address,
    port: row.port,
    credential: row.credential,
    unit: row.unit,
    role: row.role,
    vendor: row.vendor,
    max_repetitions: row.maxRepetitions,
    poller_group: row.pollerGroup,
    enabled: row.enabled,
    srv6: row.srv6 ?? null,
    source: row.source,
    state: state && {
      up: state.up,
      last_poll_at: state.lastPollAt?.toISOString() ?? null,
      last_success_at: state.lastSuccessAt?.toISOString() ?? null,
      vendor_detected: state.facts?.vendor ?? null,
      sys_object_id: state.facts?.sysObjectID ?? null,
      consecutive_failures: state.consecutiveFailures,
      errors: state.errors,
    },
  };
}

// Defaults dropped: a PATCH that leaves out port, vendor or enabled must keep the stored values.
const patchSchema = z.strictObject(
  Object.fromEntries(Object.entries(deviceSchema.shape).map(([k, v]) => [k, (v instanceof z.ZodDefault ? v.unwrap() : v).optional()])),
) as unknown as z.ZodType<Partial<DeviceConfig>>;

/** /api/devices: the polled inventory. Secrets never leave: a device names its credential only. */
export function inventoryRoutes(ctx: AppContext): Hono {
  const { db, fleet } = ctx;
  const app = new Hono();

  const checkRefs = (d: { credential?: string; unit?: string | null }) => {
    if (d.credential && !db.select().from(credentials).where(eq(credentials.name, d.credential)).get())
      throw new ApiError(422, `credential: unknown credential "${d.credential}"`);
    if (d.unit && !db.select().from(units).where(eq(units.name, d.unit)).get()) throw new ApiError(422, `unit: unknown unit "${d.unit}"`);
  };
  const find = (name: string) => {
    const row = db.select().from(devices).where(eq(devices.name, name)).get();
    if (!row) throw new ApiError(404, `device "${name}" not found`);
    return row;
  };

  app.get('/devices', requireRole(db, 'viewer'), (c) => {
    const rows = db.select().from(devices).orderBy(devices.name).all();
    return c.json({ devices: rows.map((r) => view(r, fleet.states.get(r.name))) });
  });

  app.get('/devices/:name', requireRole(db, 'viewer'), (c) => {
    const row = find(c.req.param('name'));
    return c.json(view(row, fleet.states.get(row.name)));
  });

  app.post('/devices', requireRole(db, 'admin'), zValidator('json', deviceSchema.strict(), zodHook('device')), (c) => {
    const d = c.req.valid('json');
    checkRefs(d);
    if (db.select().from(devices).where(eq(devices.name, d.name)).get()) throw new ApiError(409, `name: device "${d.name}" already exists`);
    db.insert(devices).values(deviceRow(d, 'api')).run();
    return c.json(view(find(d.name), undefined), 201);
  });

  app.patch('/devices/:name', requireRole(db, 'admin'), zValidator('json', patchSchema, zodHook('device')), (c) => {
    const row = find(c.req.param('name'));
    const d = c.req.valid('json');
    checkRefs(d);
    if (d.name && d.name !== row.name && db.select().from(devices).where(eq(devices.name, d.name)).get())
      throw new ApiError(409, `name: device "${d.name}" already exists`);
    db.update(devices)
      .set({
        ...(d.name !== undefined && { name: d.name }),
        ...(d.address !== undefined && { address: d.address }),
        ...(d.port !== undefined && { port: d.port }),
        ...(d.credential !== undefined && { credential: d.credential }),
        ...(d.unit !== undefined && { unit: d.unit }),
        ...(d.role !== undefined && { role: d.role }),
        ...(d.vendor !== undefined && { vendor: d.vendor }),
        ...(d.max_repetitions !== undefined && { maxRepetitions: d.max_repetitions }),
        ...(d.poller_group !== undefined && { pollerGroup: d.poller_group }),
        ...(d.enabled !== undefined && { enabled: d.enabled }),
        ...(d.srv6 !== undefined && { srv6: d.srv6 }),
        updatedAt: new Date(),
      })
      .where(eq(devices.id, row.id))
      .run();
    return c.json(view(find(d.name ?? row.name), fleet.states.get(row.name)));
  });

  app.delete('/devices/:name', requireRole(db, 'admin'), (c) => {
    const row = find(c.req.param('name'));
    db.delete(devices).where(eq(devices.id, row.id)).run();
    return c.body(null, 204);
  });

  app.get('/credentials', requireRole(db, 'viewer'), (c) =>
    c.json({ credentials: db.select({ name: credentials.name, version: credentials.version }).from(credentials).all() }),
  );

  return app;
}

