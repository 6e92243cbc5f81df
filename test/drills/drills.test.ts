import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema';
import { createToken } from '../../src/auth/tokens';
import { silentLogger } from '../../src/log';
import { createYunet, type Yunet } from '../../src/yunet';
import { apiRequest } from '../support/api';
import { freeUdpPort } from '../support/snmpd';
import { testDatabase } from '../support/database';

/** A JSON response body, read loosely by assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

let yunet: Yunet;
let security: string;
let viewer: string;
let coordinator: string;

beforeAll(async () => {
  const config = configSchema.parse({
    database: await testDatabase(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-drills-')), 'y.db')),
    traps: { port: await freeUdpPort(), address: '127.0.0.1' },
    units: [{ name: '区政务服务数据管理局' }, { name: '石碁镇政府', town: '石碁镇' }, { name: '大龙街道办', town: '大龙街' }],
  });
  yunet = await createYunet({ config, schedule: false, pollAtStart: false, log: silentLogger });
  security = await createToken(yunet.ctx.db, 'soc-lead', 'security');
  viewer = await createToken(yunet.ctx.db, 'noc-screen', 'viewer');
  coordinator = await createToken(yunet.ctx.db, 'telecom', 'coordinator');
});
afterAll(() => yunet?.close());

const call = async (method: string, url: string, token?: string, body?: unknown) => {
  const res = await apiRequest(yunet.app, method, url, token, body);
  return { status: res.status, body: (res.status === 204 ? null : await res.json()) as Json };
};

const hoursFromNow = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();

describe('/api/drills', () => {
  it('lets the security role create a drill, viewers read it, others not create', async () => {
    expect((await call('POST', '/api/drills', undefined, {})).status).toBe(401);
    const body = { name: '粤盾-2026', starts_at: hoursFromNow(-1), ends_at: hoursFromNow(47), scope: 'all', notes: '省级攻防演练' };
    expect((await call('POST', '/api/drills', viewer, body)).status).toBe(403);
    expect((await call('POST', '/api/drills', coordinator, body)).status).toBe(403);
    const created = await call('POST', '/api/drills', security, body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: '粤盾-2026', scope: 'all', active: true, created_by: 'soc-lead', notes: '省级攻防演练' });
    const list = await call('GET', '/api/drills', viewer);
    expect(list.body.drills.map((d: { name: string }) => d.name)).toEqual(['粤盾-2026']);
  });

  it('rejects an end before the start, naming the field', async () => {
    const r = await call('POST', '/api/drills', security, { name: 'backwards', starts_at: hoursFromNow(100), ends_at: hoursFromNow(99) });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatch(/^ends_at: must be after starts_at/);
    const bad = await call('POST', '/api/drills', security, { name: 'x', starts_at: 'tomorrow', ends_at: hoursFromNow(1) });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/starts_at/);
  });

  it('rejects overlapping windows of intersecting scopes and allows disjoint unit scopes', async () => {
    const overlapAll = await call('POST', '/api/drills', security, { name: 'town drill', starts_at: hoursFromNow(10), ends_at: hoursFromNow(12), scope: { units: ['石碁镇政府'] } });
    expect(overlapAll.status).toBe(409);
    expect(overlapAll.body.error).toMatch(/overlaps drill "粤盾-2026"/);

    const a = await call('POST', '/api/drills', security, { name: '石碁 drill', starts_at: hoursFromNow(100), ends_at: hoursFromNow(110), scope: { units: ['石碁镇政府'] } });
    expect(a.status).toBe(201);
    const b = await call('POST', '/api/drills', security, { name: '大龙 drill', starts_at: hoursFromNow(105), ends_at: hoursFromNow(115), scope: { units: ['大龙街道办'] } });
    expect(b.status).toBe(201);
    const c = await call('POST', '/api/drills', security, { name: 'both', starts_at: hoursFromNow(109), ends_at: hoursFromNow(111), scope: { units: ['大龙街道办', '区政务服务数据管理局'] } });
    expect(c.status).toBe(409);
    // Back to back is not an overlap.
    const d = await call('POST', '/api/drills', security, { name: '石碁 drill 2', starts_at: hoursFromNow(110), ends_at: hoursFromNow(111), scope: { units: ['石碁镇政府'] } });
    expect(d.status).toBe(201);
    // A change that would create an overlap is refused and leaves the drill as it was.
    const stretch = await call('PATCH', `/api/drills/${a.body.id}`, security, { ends_at: hoursFromNow(110.5) });
    expect(stretch.status).toBe(409);
    expect((await call('GET', `/api/drills/${a.body.id}`, viewer)).body.ends_at).toBe(a.body.ends_at);
    // A field left out of a change keeps its value (the scope is not reset to the whole district).
    const noted = await call('PATCH', `/api/drills/${d.body.id}`, security, { notes: '只改备注' });
    expect(noted.status).toBe(200);
    expect(noted.body).toMatchObject({ notes: '只改备注', scope: { units: ['石碁镇政府'] }, ends_at: d.body.ends_at });
  });

  it('rejects unknown units and unknown fields', async () => {
    const r = await call('POST', '/api/drills', security, { name: 'ghost', starts_at: hoursFromNow(200), ends_at: hoursFromNow(201), scope: { units: ['不存在的单位'] } });
    expect(r.status).toBe(422);
    expect(r.body.error).toMatch(/scope.units: unknown unit "不存在的单位"/);
    const extra = await call('POST', '/api/drills', security, { name: 'x', starts_at: hoursFromNow(300), ends_at: hoursFromNow(301), colour: 'red' });
    expect(extra.status).toBe(400);
    expect(extra.body.error).toMatch(/colour/);
  });

  it('takes annotations from the security team', async () => {
    const drill = (await call('GET', '/api/drills', viewer)).body.drills.find((d: { name: string }) => d.name === '粤盾-2026');
    const note = await call('POST', `/api/drills/${drill.id}/annotations`, security, { text: '攻击队 3 报告开始扫描 SNMP' });
    expect(note.status).toBe(201);
    expect((await call('POST', `/api/drills/${drill.id}/annotations`, viewer, { text: 'x' })).status).toBe(403);
    const got = await call('GET', `/api/drills/${drill.id}`, viewer);
    expect(got.body.annotations).toEqual([expect.objectContaining({ author: 'soc-lead', text: '攻击队 3 报告开始扫描 SNMP' })]);
  });

  it('exposes yunet_drill_active per drill', async () => {
    const text = await (await yunet.app.request('/metrics')).text();
    expect(text).toContain('yunet_drill_active{drill="粤盾-2026"} 1');
    expect(text).toContain('yunet_drill_active{drill="石碁 drill"} 0');
  });
});
