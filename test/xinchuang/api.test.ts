import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema';
import { createToken } from '../../src/auth/tokens';
import { silentLogger } from '../../src/log';
import { createYunet, type Yunet } from '../../src/yunet';
import { apiRequest } from '../support/api';
import { testDatabase } from '../support/database';

/**
 * Targets and identity overrides over the API, on top of the config file's. No device is polled here, so
 * every identity comes from the overrides (the recognition itself is tested on recorded and real agents).
 */
let yunet: Yunet;
let viewer: string;
let coordinator: string;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yn-xc-api-'));

beforeAll(async () => {
  const config = configSchema.parse({
    database: await testDatabase(path.join(dir, 'y.db')),
    credentials: { pub: { version: '2c', community: 'xc-community' } },
    units: [{ name: '南村镇政府' }],
    devices: [
      { name: 'nc-core', address: '198.19.250.10', credential: 'pub', unit: '南村镇政府', role: 'core' },
      { name: 'nc-acc', address: '198.19.250.11', credential: 'pub', unit: '南村镇政府' },
    ],
    xinchuang: { devices: { 'nc-core': { vendor: 'Cisco', model: 'ASR1002' } }, targets: [{ unit: '南村镇政府', year: 2026, ratio: 0.5 }] },
  });
  yunet = await createYunet({ config, schedule: false, pollAtStart: false, log: silentLogger });
  viewer = await createToken(yunet.ctx.db, 'wall', 'viewer');
  coordinator = await createToken(yunet.ctx.db, 'xc', 'coordinator');
});
afterAll(async () => {
  await yunet?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const call = async (method: string, url: string, token?: string, body?: unknown) => {
  const res = await apiRequest(yunet.app, method, url, token, body);
  return { status: res.status, json: (await res.json()) as Record<string, any> };
};

describe('/api/xinchuang overrides and targets', () => {
  it('needs a signed-in viewer to read and a coordinator to write', async () => {
    expect((await call('GET', '/api/xinchuang')).status).toBe(401);
    expect((await call('PUT', '/api/xinchuang/targets', viewer, { unit: '*', year: 2026, ratio: 0.5 })).status).toBe(403);
  });

  it('from the config: nc-core a Cisco (foreign), nc-acc not polled (unknown) → 0 of 2, below 50 %', async () => {
    const s = (await call('GET', '/api/xinchuang?year=2026', viewer)).json;
    expect(s.units[0]).toMatchObject({ unit: '南村镇政府', total: 2, domestic: 0, foreign: 1, unknown: 1, ratio: 0, target: 0.5, met: false });
  });

  it('an API override (H3C S5560, access) and an API target (40 %) win over the file: 1 of 2 = 50 % meets 40 %', async () => {
    expect((await call('PUT', '/api/xinchuang/devices/nc-acc', coordinator, { vendor: 'H3C', model: 'S5560', role: 'access' })).status).toBe(200);
    expect((await call('PUT', '/api/xinchuang/targets', coordinator, { unit: '南村镇政府', year: 2026, ratio: 0.4 })).status).toBe(200);
    const s = (await call('GET', '/api/xinchuang?year=2026', viewer)).json;
    expect(s.units[0]).toMatchObject({ total: 2, domestic: 1, ratio: 0.5, target: 0.4, met: true });
    expect(s.units[0].by_role.access).toEqual({ total: 1, domestic: 1, foreign: 0, unknown: 0, ratio: 1 });
    const devices = (await call('GET', '/api/xinchuang/devices?due=1', viewer)).json.devices;
    expect(devices.map((d: { name: string }) => d.name)).toEqual(['nc-core']);
    expect((await call('GET', '/api/xinchuang/targets', viewer)).json.targets).toEqual([{ unit: '南村镇政府', year: 2026, ratio: 0.4 }]);
  });

  it('refuses an unknown unit, an unknown device, a ratio above 1 and an unknown role, naming the field', async () => {
    const unit = await call('PUT', '/api/xinchuang/targets', coordinator, { unit: '没有', year: 2026, ratio: 0.4 });
    expect([unit.status, unit.json.error]).toEqual([404, 'unit: "没有" is not a unit (use "*" for the district)']);
    expect((await call('PUT', '/api/xinchuang/devices/nope', coordinator, { vendor: 'H3C' })).status).toBe(404);
    const ratio = await call('PUT', '/api/xinchuang/targets', coordinator, { unit: '*', year: 2026, ratio: 1.2 });
    expect(ratio.status).toBe(400);
    expect(JSON.stringify(ratio.json)).toContain('ratio');
    const role = await call('PUT', '/api/xinchuang/devices/nc-acc', coordinator, { role: 'edge' });
    expect(role.status).toBe(400);
    expect(JSON.stringify(role.json)).toContain('role');
    expect((await call('GET', '/api/xinchuang?year=99', viewer)).status).toBe(400);
  });
});

describe('/xinchuang page', () => {
  it('in Chinese: the unit\'s 1/2 domestic, 50 % against 40 %, role cells, and the Cisco to replace', async () => {
    const res = await yunet.app.request('/xinchuang', { headers: { authorization: `Bearer ${viewer}` } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('lang="zh-CN"');
    expect(html).toContain('信创适配改造进展');
    expect(html).toContain('待替换或待核实设备（1）');
    expect(html).toMatch(/<td>nc-core|>nc-core</);
    expect(html).toContain('ASR1002');
    expect(html).toContain('国外');
  });
});
