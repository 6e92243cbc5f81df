import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, count, eq, like } from 'drizzle-orm';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startYunetProcess, type YunetProcess } from '../hostile/yunet-process';
import { databaseTarget, testDatabase } from '../support/database';
import { openDatabase } from '../../db/index';
import { auditLog, stations } from '../../db/schema/field';

/**
 * Two yunet processes on one database, as behind a load balancer: a session opened on one works on the other,
 * a field write through one is read through the other at once, and an import through one while the other moves
 * the same stations ends with both kept and every change audited.
 */
const ADMIN = 'shared-state-admin-token-0123456789';
const SEED = 200;

describe('two nodes sharing a database', () => {
  let dir = '';
  let a: YunetProcess;
  let b: YunetProcess;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yn-shared-'));
    const config = { database: await testDatabase(path.join(dir, 'shared.db')) };
    a = await startYunetProcess(config, { YUNET_NODE: 'a', YUNET_ADMIN_TOKEN: ADMIN });
    b = await startYunetProcess(config, { YUNET_NODE: 'b', YUNET_ADMIN_TOKEN: ADMIN });
  }, 60_000);
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const api = (node: YunetProcess, method: string, p: string, body?: unknown, type = 'application/json') =>
    fetch(`${node.url}${p}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN}`, ...(body !== undefined ? { 'content-type': type } : {}) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  const csv = (from: number, to: number, notes: string) =>
    stringify([['code', 'name', 'operator', 'town', 'type', 'planned_year', 'notes'], ...Array.from({ length: to - from }, (_, i) => [`S-${from + i}`, `站${from + i}`, '中国移动', '南村镇', 'macro', '2026', notes])]);

  it('serves a session opened on the other node', async () => {
    const signin = await fetch(`${a.url}/field/signin`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: a.url },
      body: new URLSearchParams({ token: ADMIN, next: '/field' }).toString(),
    });
    expect(signin.status).toBe(303);
    const cookie = signin.headers.get('set-cookie')!.split(';')[0];
    const page = await fetch(`${b.url}/field/stations`, { headers: { cookie }, redirect: 'manual' });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('name="_csrf"');
  });

  it('reads a write made through the other node at once', async () => {
    const created = await api(a, 'POST', '/api/stations', { code: 'X-1', name: '双活站', operator: '中国电信', town: '化龙镇', type: 'macro', planned_year: 2026 });
    expect(created.status).toBe(201);
    const read = await api(b, 'GET', '/api/stations/X-1');
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ code: 'X-1', name: '双活站', status: 'planned' });
  });

  it('serialises an import through one node with status changes through the other: nothing lost, all audited', async () => {
    expect((await api(a, 'POST', '/api/import/stations', csv(0, SEED, 'seed'), 'text/csv')).status).toBe(200);
    // Through a: the seeded stations get new notes, 3,000 new ones arrive. Through b, meanwhile: each seeded station moves to approved.
    const [imported, moves] = await Promise.all([
      api(a, 'POST', '/api/import/stations', csv(0, SEED + 3000, 'imported through a'), 'text/csv'),
      Promise.all(Array.from({ length: SEED }, (_, i) => api(b, 'POST', `/api/stations/S-${i}/status`, { status: 'approved' }).then((r) => r.status))),
    ]);
    expect(imported.status).toBe(200);
    expect(await imported.json()).toMatchObject({ applied: true, created: 3000 });
    expect(moves.every((s) => s === 200), JSON.stringify(moves.filter((s) => s !== 200))).toBe(true);

    const { db, close } = await openDatabase(await databaseTarget(path.join(dir, 'shared.db')));
    try {
      const all = await db.select({ code: stations.code, status: stations.status, notes: stations.notes }).from(stations).where(like(stations.code, 'S-%'));
      expect(all).toHaveLength(SEED + 3000);
      const seeded = all.filter((s) => Number(s.code.slice(2)) < SEED);
      expect(seeded).toHaveLength(SEED);
      expect(seeded.every((s) => s.status === 'approved' && s.notes === 'imported through a')).toBe(true);
      const audit = async (action: 'transition' | 'import') => (await db.select({ n: count() }).from(auditLog).where(and(eq(auditLog.entity, 'station'), eq(auditLog.action, action))))[0].n;
      expect(await audit('transition')).toBe(SEED);
      // Every station created or changed by an import has its own audit entry: 200 + 3,000 created, 200 changed.
      expect(await audit('import')).toBe(SEED + 3000 + SEED);
    } finally {
      await close();
    }
  });
});
