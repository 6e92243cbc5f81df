import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema';
import { createToken } from '../../src/auth/tokens';
import { silentLogger } from '../../src/log';
import { createYunet, type Yunet } from '../../src/yunet';
import { testDatabase } from '../support/database';

let yunet: Yunet;
let admin: string;
let viewer: string;

beforeAll(async () => {
  const config = configSchema.parse({
    database: await testDatabase(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-inv-')), 'y.db')),
    credentials: { 'public-v2': { version: '2c', community: 'sup3r-secret' }, 'ops-v3': { version: 3, username: 'opsv3', auth: { protocol: 'sha', key: 'authpass123' } } },
    units: [{ name: '石碁镇政府', town: '石碁镇' }],
    devices: [{ name: 'r1-core', address: '198.18.1.2', credential: 'public-v2', unit: '石碁镇政府', role: 'core' }],
  });
  yunet = await createYunet({ config, schedule: false, pollAtStart: false, log: silentLogger, env: { YUNET_ADMIN_TOKEN: 'bootstrap-admin-token-0123456789' } });
  admin = 'bootstrap-admin-token-0123456789';
  viewer = await createToken(yunet.ctx.db, 'noc-screen', 'viewer');
});
afterAll(() => yunet?.close());

const errorOf = async (res: Response) => ((await res.json()) as { error: string }).error;

const call = (method: string, url: string, token?: string, body?: unknown) =>
  yunet.app.request(url, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });

describe('/api/devices', () => {
  it('needs a token, and an admin to change inventory', async () => {
    expect((await call('GET', '/api/devices')).status).toBe(401);
    expect((await call('GET', '/api/devices', 'yn_not-a-token')).status).toBe(401);
    expect((await call('GET', '/api/devices', viewer)).status).toBe(200);
    const denied = await call('POST', '/api/devices', viewer, { name: 'x', address: '198.18.0.9', credential: 'public-v2' });
    expect(denied.status).toBe(403);
    expect((await errorOf(denied))).toMatch(/needs admin/);
  });

  it('lists configured devices without any secret', async () => {
    const body = await (await call('GET', '/api/devices', viewer)).text();
    expect(JSON.parse(body).devices).toEqual([
      expect.objectContaining({ name: 'r1-core', address: '198.18.1.2', port: 161, credential: 'public-v2', unit: '石碁镇政府', role: 'core', source: 'config' }),
    ]);
    expect(body).not.toContain('sup3r-secret');
    const creds = await (await call('GET', '/api/credentials', viewer)).text();
    expect(JSON.parse(creds).credentials).toEqual([
      { name: 'ops-v3', version: '3' },
      { name: 'public-v2', version: '2c' },
    ]);
    expect(creds).not.toMatch(/sup3r-secret|authpass123/);
  });

  it('adds, changes and removes a device; the fleet picks it up on the next reload', async () => {
    const created = await call('POST', '/api/devices', admin, { name: 'sw-nancun', address: '2001:db8:20::2', credential: 'ops-v3', vendor: 'h3c' });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ name: 'sw-nancun', port: 161, vendor: 'h3c', source: 'api' });
    await yunet.ctx.fleet.reload();
    expect(yunet.ctx.fleet.states.has('sw-nancun')).toBe(true);

    const patched = await call('PATCH', '/api/devices/sw-nancun', admin, { port: 1161, enabled: false });
    expect(await patched.json()).toMatchObject({ port: 1161, enabled: false });
    await yunet.ctx.fleet.reload();
    expect(yunet.ctx.fleet.states.has('sw-nancun')).toBe(false);

    expect((await call('DELETE', '/api/devices/sw-nancun', admin)).status).toBe(204);
    expect((await call('GET', '/api/devices/sw-nancun', viewer)).status).toBe(404);
  });

  it('rejects bad input with the field named and changes nothing', async () => {
    const before = await (await call('GET', '/api/devices', viewer)).text();
    const bad = await call('POST', '/api/devices', admin, { name: 'x', address: '198.18.0.9', credential: 'public-v2', port: 0 });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad))).toMatch(/^invalid device: port:/);
    const unknown = await call('POST', '/api/devices', admin, { name: 'x', address: '198.18.0.9', credential: 'ops-v4' });
    expect(unknown.status).toBe(422);
    expect((await errorOf(unknown))).toBe('credential: unknown credential "ops-v4"');
    const dup = await call('POST', '/api/devices', admin, { name: 'r1-core', address: '198.18.0.9', credential: 'public-v2' });
    expect(dup.status).toBe(409);
    const extra = await call('POST', '/api/devices', admin, { name: 'y', address: '198.18.0.9', credential: 'public-v2', community: 'public' });
    expect((await errorOf(extra))).toMatch(/community: unknown key/);
    expect(await (await call('GET', '/api/devices', viewer)).text()).toBe(before);
  });
});
