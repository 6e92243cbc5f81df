import { Hono } from 'hono';
import { zValidator } from '@hono/zod-validator';
import { z } from 'zod';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/index';
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

  const checkRefs = async (q: Db, d: { credential?: string; unit?: string | null }) => {
    if (d.credential && !(await q.select().from(credentials).where(eq(credentials.name, d.credential)).limit(1)).length)
      throw new ApiError(422, `credential: unknown credential "${d.credential}"`);
    if (d.unit && !(await q.select().from(units).where(eq(units.name, d.unit)).limit(1)).length) throw new ApiError(422, `unit: unknown unit "${d.unit}"`);
  };
  const find = async (q: Db, name: string) => {
    const [row] = await q.select().from(devices).where(eq(devices.name, name)).limit(1);
    if (!row) throw new ApiError(404, `device "${name}" not found`);
    return row;
  };
  const taken = async (q: Db, name: string) => (await q.select({ id: devices.id }).from(devices).where(eq(devices.name, name)).limit(1)).length > 0;

  app.get('/devices', requireRole(db, 'viewer'), async (c) => {
    const rows = await db.select().from(devices).orderBy(devices.name);
    return c.json({ devices: rows.map((r) => view(r, fleet.states.get(r.name))) });
  });

  app.get('/devices/:name', requireRole(db, 'viewer'), async (c) => {
    const row = await find(db, c.req.param('name'));
    return c.json(view(row, fleet.states.get(row.name)));
  });

  // The checks and the write in one transaction: a concurrent request cannot slip in between.
  app.post('/devices', requireRole(db, 'admin'), zValidator('json', deviceSchema.strict(), zodHook('device')), async (c) => {
    const d = c.req.valid('json');
    const row = await db.transaction(async (tx) => {
      await checkRefs(tx, d);
      if (await taken(tx, d.name)) throw new ApiError(409, `name: device "${d.name}" already exists`);
      const [created] = await tx.insert(devices).values(deviceRow(d, 'api')).returning();
      return created;
    });
    return c.json(view(row, undefined), 201);
  });

  app.patch('/devices/:name', requireRole(db, 'admin'), zValidator('json', patchSchema, zodHook('device')), async (c) => {
    const d = c.req.valid('json');
    const { before, updated } = await db.transaction(async (tx) => {
      const row = await find(tx, c.req.param('name'));
      await checkRefs(tx, d);
      if (d.name && d.name !== row.name && (await taken(tx, d.name))) throw new ApiError(409, `name: device "${d.name}" already exists`);
      const [updated] = await tx
        .update(devices)
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
        .returning();
      return { before: row.name, updated };
    });
    return c.json(view(updated, fleet.states.get(before)));
  });

  app.delete('/devices/:name', requireRole(db, 'admin'), async (c) => {
    const name = c.req.param('name');
    const removed = await db.delete(devices).where(eq(devices.name, name)).returning({ id: devices.id });
    if (!removed.length) throw new ApiError(404, `device "${name}" not found`);
    return c.body(null, 204);
  });

  app.get('/credentials', requireRole(db, 'viewer'), async (c) =>
    c.json({ credentials: await db.select({ name: credentials.name, version: credentials.version }).from(credentials).orderBy(credentials.name) }),
  );

  return app;
}

