import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema';
import { createToken } from '../../src/auth/tokens';
import { silentLogger } from '../../src/log';
import { createYunet, type Yunet } from '../../src/yunet';
import { freeUdpPort } from '../support/snmpd';
import { testDatabase } from '../support/database';

const origin = 'http://localhost';
let yunet: Yunet;
let security: string;

beforeAll(async () => {
  const config = configSchema.parse({
    database: await testDatabase(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-home-')), 'y.db')),
    polling: { timeout_ms: 100, retries: 0 },
    traps: { enabled: false },
    credentials: { v2: { version: '2c', community: 'n0t-to-be-shown' } },
    units: [{ name: '南村镇人民政府', town: '南村镇' }],
    devices: [{ name: 'nc-acc-01', address: '127.0.0.1', port: await freeUdpPort(), credential: 'v2', unit: '南村镇人民政府' }],
  });
  yunet = await createYunet({ config, schedule: false, pollAtStart: false, log: silentLogger });
  security = await createToken(yunet.ctx.db, 'soc-1', 'security');
});
afterAll(() => yunet?.close());

const req = (url: string, init: RequestInit = {}) => yunet.app.request(`${origin}${url}`, { redirect: 'manual', ...init });

describe('overview and device pages', () => {
  it('the overview counts devices per unit and state and links to every area, without addresses or secrets', async () => {
    expect(await (await req('/')).text()).toMatch(/南村镇人民政府<\/a><\/td><td>南村镇<\/td><td class="num up">0<\/td><td class="num">0<\/td><td class="num">1<\/td>/);
    await yunet.runCycle();
    const res = await req('/');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    // The one device did not answer: down in its unit's row.
    expect(html).toMatch(/南村镇人民政府<\/a><\/td><td>南村镇<\/td><td class="num up">0<\/td><td class="num down">1<\/td><td class="num">0<\/td>/);
    for (const href of ['/', '/devices', '/readiness', '/field', '/drills']) expect(html).toContain(`href="${href}"`);
    expect(html).not.toContain('127.0.0.1');
    expect(html).not.toContain('n0t-to-be-shown');
  });

  it('device pages need a session; signed in, they say in plain words why a device is down', async () => {
    const anonymous = await req('/devices/nc-acc-01');
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('location')).toBe('/field/signin?next=%2Fdevices%2Fnc-acc-01');
    const signIn = await req('/field/signin', {
      method: 'POST',
      body: new URLSearchParams({ token: security, next: '/devices/nc-acc-01' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
    });
    expect(signIn.headers.get('location')).toBe('/devices/nc-acc-01');
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0];
    const list = await (await req('/devices?state=down', { headers: { cookie } })).text();
    expect(list).toContain('href="/devices/nc-acc-01"');
    expect(await (await req('/devices?state=up', { headers: { cookie } })).text()).not.toContain('href="/devices/nc-acc-01"');
    const page = await (await req('/devices/nc-acc-01', { headers: { cookie } })).text();
    expect(page).toContain('system: 设备无应答（超时）');
    expect(page).not.toContain('n0t-to-be-shown');
    expect((await req('/devices/no-such', { headers: { cookie } })).status).toBe(404);
  });
});

describe('drill pages in a browser session', () => {
  it('send an anonymous browser to sign in, and come back to the drill list after it', async () => {
    const anonymous = await req('/drills');
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('location')).toBe('/field/signin?next=%2Fdrills');
    const signIn = await req('/field/signin', {
      method: 'POST',
      body: new URLSearchParams({ token: security, next: '/drills' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
    });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get('location')).toBe('/drills');
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0];
    const page = await req('/drills', { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/^<!DOCTYPE html>/);
  });

  it('never lets sign-in send the browser off-site', async () => {
    const res = await req('/field/signin', {
      method: 'POST',
      body: new URLSearchParams({ token: security, next: '//evil.example/drills' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
    });
    expect(res.headers.get('location')).toBe('/field');
  });

  it('gzips pages for a browser that asks, and /metrics once (its own gzip members, not compressed again)', async () => {
    const page = await req('/', { headers: { 'accept-encoding': 'gzip' } });
    expect(page.headers.get('content-encoding')).toBe('gzip');
    const html = new TextDecoder().decode(zlib.gunzipSync(new Uint8Array(await page.arrayBuffer())));
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    const metrics = await req('/metrics', { headers: { 'accept-encoding': 'gzip' } });
    expect(metrics.headers.get('content-encoding')).toBe('gzip');
    expect(zlib.gunzipSync(new Uint8Array(await metrics.arrayBuffer())).toString('utf8')).toMatch(/^# HELP /);
  });
});
