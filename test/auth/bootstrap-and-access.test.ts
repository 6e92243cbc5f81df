import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema';
import { createToken, revokeToken } from '../../src/auth/tokens';
import { createLogger } from '../../src/log';
import { createYunet, type Yunet } from '../../src/yunet';
import { testDatabase } from '../support/database';

const dirs: string[] = [];
const open: Yunet[] = [];
afterEach(async () => {
  for (const y of open.splice(0)) await y.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function dbPath(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-access-'));
  dirs.push(d);
  return path.join(d, 'y.db');
}

async function start(db: string, raw: Record<string, unknown> = {}, env: Record<string, string> = {}) {
  const lines: string[] = [];
  const config = configSchema.parse({ database: await testDatabase(db), traps: { enabled: false }, ...raw });
  const y = await createYunet({ config, schedule: false, pollAtStart: false, env, log: createLogger('info', (l) => lines.push(l)) });
  open.push(y);
  return { y, lines };
}
const stop = async (y: Yunet) => {
  open.splice(open.indexOf(y), 1);
  await y.close();
};
const status = async (y: Yunet, url: string, headers: Record<string, string> = {}) => (await y.app.request(url, { headers })).status;

const A = 'first-admin-token-0123456789';
const B = 'second-admin-token-9876543210';

async function signInCookie(y: Yunet, token: string, headers: Record<string, string> = {}): Promise<string> {
  const res = await y.app.request('/field/signin', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost', ...headers },
    body: new URLSearchParams({ token, next: '/field' }).toString(),
  });
  expect(res.status).toBe(303);
  return res.headers.get('set-cookie') ?? '';
}

describe('YUNET_ADMIN_TOKEN', () => {
  it('creates the bootstrap token once; a revoked one stays revoked across restarts, with one log line', async () => {
    const db = dbPath();
    let { y, lines } = await start(db, {}, { YUNET_ADMIN_TOKEN: A });
    expect(lines.some((l) => l.includes('bootstrap admin token created'))).toBe(true);
    expect(await status(y, '/api/devices', { authorization: `Bearer ${A}` })).toBe(200);
    expect(await revokeToken(y.ctx.db, 'bootstrap-admin')).toBe(true);
    await stop(y);

    ({ y, lines } = await start(db, {}, { YUNET_ADMIN_TOKEN: A }));
    expect(await status(y, '/api/devices', { authorization: `Bearer ${A}` })).toBe(401);
    expect(lines.filter((l) => l.includes('YUNET_ADMIN_TOKEN ignored: the bootstrap admin token was revoked'))).toHaveLength(1);
    expect(lines.join('\n')).not.toContain(A);
  });

  it('is ignored when another admin token exists', async () => {
    const db = dbPath();
    let { y } = await start(db);
    await createToken(y.ctx.db, 'ops-admin', 'admin');
    await stop(y);
    let lines: string[];
    ({ y, lines } = await start(db, {}, { YUNET_ADMIN_TOKEN: A }));
    expect(await status(y, '/api/devices', { authorization: `Bearer ${A}` })).toBe(401);
    expect(lines.some((l) => l.includes('YUNET_ADMIN_TOKEN ignored: an admin token already exists'))).toBe(true);
  });

  it('rotating the value ends the old token and its browser sessions', async () => {
    const db = dbPath();
    let { y } = await start(db, {}, { YUNET_ADMIN_TOKEN: A });
    const cookie = await signInCookie(y, A);
    expect(await status(y, '/field', { cookie })).toBe(200);
    await stop(y);
    let lines: string[];
    ({ y, lines } = await start(db, {}, { YUNET_ADMIN_TOKEN: B }));
    expect(lines.some((l) => l.includes('rotated'))).toBe(true);
    expect(await status(y, '/api/devices', { authorization: `Bearer ${A}` })).toBe(401);
    expect(await status(y, '/api/devices', { authorization: `Bearer ${B}` })).toBe(200);
    // The old session is gone: the page sends the browser to sign in.
    expect(await status(y, '/field', { cookie })).toBe(302);
  });
});

describe('session cookies', () => {
  it('are Secure over HTTPS, and behind a proxy only when http.trust_proxy is set', async () => {
    const { y } = await start(dbPath(), {}, { YUNET_ADMIN_TOKEN: A });
    expect(await signInCookie(y, A)).not.toMatch(/;\s*Secure/i);
    expect(await signInCookie(y, A, { 'x-forwarded-proto': 'https' })).not.toMatch(/;\s*Secure/i);
    const https = await y.app.request('https://yunet.example/field/signin', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://yunet.example' },
      body: new URLSearchParams({ token: A }).toString(),
    });
    expect(https.headers.get('set-cookie')).toMatch(/;\s*Secure/i);

    const proxied = await start(dbPath(), { http: { trust_proxy: true } }, { YUNET_ADMIN_TOKEN: A });
    expect(await signInCookie(proxied.y, A, { 'x-forwarded-proto': 'https' })).toMatch(/;\s*Secure/i);
    expect(await signInCookie(proxied.y, A)).not.toMatch(/;\s*Secure/i);
  });
});

describe('http.metrics_auth and http.pages_auth', () => {
  it('leave /metrics and / open by default', async () => {
    const { y } = await start(dbPath());
    expect(await status(y, '/metrics')).toBe(200);
    expect(await status(y, '/')).toBe(200);
  });

  it('close /metrics to anything but the configured bearer token or basic-auth pair', async () => {
    const { y } = await start(dbPath(), {
      http: { metrics_auth: { bearer_token: 'scrape-token-0123456789', basic_auth: { username: 'prometheus', password: 'scrape-password-1' } } },
      credentials: { c: { version: '2c', community: 'x' } },
      devices: [{ name: 'r1', address: '198.18.0.1', credential: 'c' }],
    });
    for (const url of ['/metrics', '/metrics/devices/r1']) {
      expect(await status(y, url)).toBe(401);
      expect(await status(y, url, { authorization: 'Bearer wrong-token-0123456789' })).toBe(401);
      expect(await status(y, url, { authorization: `Basic ${Buffer.from('prometheus:wrong').toString('base64')}` })).toBe(401);
      expect(await status(y, url, { authorization: 'Bearer scrape-token-0123456789' })).toBe(200);
      expect(await status(y, url, { authorization: `Basic ${Buffer.from('prometheus:scrape-password-1').toString('base64')}` })).toBe(200);
    }
    const res = await y.app.request('/metrics');
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect(await res.text()).not.toMatch(/scrape-/);
  });

  it('send anonymous visitors of / to sign in when pages_auth is set', async () => {
    const { y } = await start(dbPath(), { http: { pages_auth: true } }, { YUNET_ADMIN_TOKEN: A });
    const res = await y.app.request('/');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/field/signin?next=/');
    const cookie = await signInCookie(y, A);
    expect(await status(y, '/', { cookie })).toBe(200);
    expect(await status(y, '/metrics')).toBe(200);
  });
});
