import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema';
import { createToken } from '../../src/auth/tokens';
import { silentLogger } from '../../src/log';
import { createYunet, type Yunet } from '../../src/yunet';
import { freeUdpPort } from '../support/snmpd';

const origin = 'http://localhost';
let yunet: Yunet;
let security: string;

beforeAll(async () => {
  const config = configSchema.parse({
    database: { path: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-home-')), 'y.db') },
    polling: { timeout_ms: 100, retries: 0 },
    traps: { enabled: false },
    credentials: { v2: { version: '2c', community: 'n0t-to-be-shown' } },
    units: [{ name: '南村镇人民政府', town: '南村镇' }],
    devices: [{ name: 'nc-acc-01', address: '127.0.0.1', port: await freeUdpPort(), credential: 'v2', unit: '南村镇人民政府' }],
  });
  yunet = await createYunet({ config, schedule: false, pollAtStart: false, log: silentLogger });
  security = createToken(yunet.ctx.db, 'soc-1', 'security');
});
afterAll(() => yunet?.close());

const req = (url: string, init: RequestInit = {}) => yunet.app.request(`${origin}${url}`, { redirect: 'manual', ...init });

describe('landing page', () => {
  it('shows every device with its poll state and links to the pages, without addresses or secrets', async () => {
    expect(await (await req('/')).text()).toContain('未轮询 not polled');
    await yunet.runCycle();
    const res = await req('/');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toMatch(/nc-acc-01<\/a><\/td><td>南村镇人民政府<\/td><td>auto<\/td><td class="down">离线 down<\/td>/);
    expect(html).toContain('system: timeout');
    expect(html).toContain('href="/field"');
    expect(html).toContain('href="/drills"');
    expect(html).not.toContain('127.0.0.1');
    expect(html).not.toContain('n0t-to-be-shown');
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
});
