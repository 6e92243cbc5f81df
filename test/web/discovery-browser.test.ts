import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { devices } from '../../db/schema/inventory';
import { discoveryCandidates } from '../../db/schema/discovery';
import { configSchema } from '../../src/config/schema';
import { createToken } from '../../src/auth/tokens';
import { proposeCandidate } from '../../src/discovery/candidates';
import { silentLogger } from '../../src/log';
import { createYunet, type Yunet } from '../../src/yunet';
import { itWith } from '../support/requirements';
import { accessibilityProblems } from '../support/axe';
import { launchChromium } from '../support/chromium';
import { testDatabase } from '../support/database';

// An admin works through the discovery list in a Chromium with JavaScript off (plain POST forms). The candidates
// are stored through proposeCandidate as a sweep would store them (the sweep itself: test/discovery/sweep-lab);
// the units and addresses are this file's own.
const it = itWith({ commands: ['chromium'] });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yn-discovery-browser-'));
const artifacts = path.join(process.cwd(), 'test', 'artifacts');
let yunet: Yunet;
let admin: string;
let viewer: string;

beforeAll(async () => {
  if (it !== (await import('vitest')).it) return;
  const config = configSchema.parse({
    database: await testDatabase(path.join(dir, 'y.db')),
    http: { port: 0, host: '127.0.0.1' },
    traps: { enabled: false },
    polling: { timeout_ms: 300, retries: 0 },
    credentials: { dsc: { version: '2c', community: 'dsc-public' } },
    units: [
      { name: '石碁镇政府', town: '石碁镇', ipv4: ['198.19.231.0/25'] },
      { name: '区政务数据局', town: '市桥街', ipv4: ['198.19.231.128/25'] },
    ],
    devices: [{ name: 'existing-core', address: '198.19.231.200', credential: 'dsc', unit: '区政务数据局' }],
    discovery: { enabled: true, ranges: ['198.19.231.0/24'], credentials: ['dsc'], rate_per_second: 10 },
  });
  yunet = await createYunet({ config, schedule: false, pollAtStart: false, log: silentLogger, env: {} });
  admin = await createToken(yunet.ctx.db, 'admin-1', 'admin');
  viewer = await createToken(yunet.ctx.db, 'viewer-1', 'viewer');
  const propose = async (address: string, sysName: string) =>
    expect(await proposeCandidate(yunet.ctx.db, { address, sysName, sysObjectId: '1.3.6.1.4.1.8072.3.2.10', sysDescr: 'Linux', credential: 'dsc', source: 'sweep' })).toBe('new');
  await propose('198.19.231.10', 'sq-access-1');
  await propose('198.19.231.11', 'sq-printer');
  await propose('198.19.231.12', 'sq-switch');
  await yunet.listen();
  fs.mkdirSync(artifacts, { recursive: true });
}, 60_000);
afterAll(async () => {
  await yunet?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const candidate = async (address: string) => (await yunet.ctx.db.select().from(discoveryCandidates).where(eq(discoveryCandidates.address, address)))[0];
const device = async (name: string) => (await yunet.ctx.db.select().from(devices).where(eq(devices.name, name)))[0];
const deviceCount = async () => (await yunet.ctx.db.select().from(devices)).length;
const row = (page: Page, address: string) => page.locator('table tbody tr', { has: page.locator('td', { hasText: new RegExp(`^${address.replaceAll('.', '\\.')}$`) }) });

async function signIn(page: Page, base: string, token: string, next: string) {
  await page.goto(`${base}/field/signin?next=${next}`);
  await page.locator('input[name=token]').fill(token);
  await page.getByRole('button', { name: '登录' }).click();
}

describe('the discovery page', () => {
  it('an admin approves one candidate into a unit, ignores another, and a duplicate name is refused with the field named', async () => {
    const base = `http://127.0.0.1:${yunet.port}`;
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      await signIn(page, base, admin, '/discovery');
      await page.waitForURL(`${base}/discovery`);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('设备发现');
      await expect(page.locator('table tbody tr').count()).resolves.toBe(3);
      await expect(page.getByRole('button', { name: '立即扫描' }).count()).resolves.toBe(1);
      // The name defaults to the sysName, the unit to the one whose prefix holds the address.
      await expect(page.getByLabel('198.19.231.10 的设备名称').inputValue()).resolves.toBe('sq-access-1');
      await expect(page.getByLabel('198.19.231.10 的单位').inputValue()).resolves.toBe('石碁镇政府');
      await page.screenshot({ path: path.join(artifacts, 'discovery-list.png'), fullPage: true });

      // Approve with another name and the other unit.
      await page.getByLabel('198.19.231.10 的设备名称').fill('sq-access-01');
      await page.getByLabel('198.19.231.10 的单位').selectOption('区政务数据局');
      await page.getByRole('button', { name: '纳管 198.19.231.10' }).click();
      await page.waitForURL(`${base}/discovery?done=approved&id=${(await candidate('198.19.231.10'))!.id}`);
      await expect(page.locator('.msg.ok').textContent()).resolves.toContain('198.19.231.10 已纳管，单位：区政务数据局');
      await expect(row(page, '198.19.231.10').count()).resolves.toBe(0);
      const stored = await device('sq-access-01');
      expect(stored).toMatchObject({ address: '198.19.231.10', unit: '区政务数据局' });
      expect((await candidate('198.19.231.10'))!.status).toBe('approved');

      // Ignore: it leaves the waiting list and shows under "ignored".
      await row(page, '198.19.231.11').getByRole('button', { name: '忽略 198.19.231.11' }).click();
      await page.waitForURL(/done=ignored/);
      await expect(page.locator('.msg.ok').textContent()).resolves.toContain('已忽略 198.19.231.11');
      await expect(row(page, '198.19.231.11').count()).resolves.toBe(0);
      expect((await candidate('198.19.231.11'))!.status).toBe('ignored');
      await page.goto(`${base}/discovery?status=ignored`);
      await expect(row(page, '198.19.231.11').count()).resolves.toBe(1);

      // A name the inventory already has: refused, the field named, nothing written.
      await page.goto(`${base}/discovery`);
      const devicesBefore = await deviceCount();
      await page.getByLabel('198.19.231.12 的设备名称').fill('existing-core');
      await page.getByRole('button', { name: '纳管 198.19.231.12' }).click();
      await expect(page.locator('.msg.err').textContent()).resolves.toContain('设备名称已存在');
      await expect(page.locator('.msg.err').textContent()).resolves.toContain('name: device "existing-core" already exists');
      expect(await deviceCount()).toBe(devicesBefore);
      expect((await candidate('198.19.231.12'))!.status).toBe('new');
      await page.screenshot({ path: path.join(artifacts, 'discovery-duplicate-name.png'), fullPage: true });
      // The same form with a free name goes through.
      await page.getByLabel('198.19.231.12 的设备名称').fill('sq-core-2');
      await page.getByRole('button', { name: '纳管 198.19.231.12' }).click();
      await page.waitForURL(/done=approved/);
      expect(await device('sq-core-2')).toMatchObject({ address: '198.19.231.12', unit: '石碁镇政府' });

      // The approved devices are polled from the next cycle on, and listed with the inventory.
      await yunet.runCycle();
      await page.goto(`${base}/devices`);
      await expect(page.getByRole('link', { name: 'sq-access-01' }).count()).resolves.toBe(1);
      await expect(page.getByRole('link', { name: 'sq-core-2' }).count()).resolves.toBe(1);

      // A form sent without the session's CSRF token is refused and changes nothing.
      const forged = await context.request.post(`${base}/discovery/candidates/${(await candidate('198.19.231.11'))!.id}/approve`, { form: { name: 'forged' }, headers: { origin: base }, maxRedirects: 0 });
      expect(forged.status()).toBe(403);
      expect(await device('forged')).toBeUndefined();

      // axe needs scripts: the list, with its forms and an error, in a context that runs them.
      const scripted = await browser.newContext();
      await scripted.addCookies(await context.cookies());
      const check = await scripted.newPage();
      await check.goto(`${base}/discovery?status=ignored`);
      expect(await accessibilityProblems(check)).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 90_000);

  it('a viewer gets neither the page nor its forms', async () => {
    const base = `http://127.0.0.1:${yunet.port}`;
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      await signIn(page, base, viewer, '/devices');
      await page.waitForURL(`${base}/devices`);
      const res = await page.goto(`${base}/discovery`);
      expect(res?.status()).toBe(403);
      await expect(page.locator('form[method=post]:not([action="/field/signout"])').count()).resolves.toBe(0);
      const csrf = await page.locator('input[name=_csrf]').first().inputValue();
      const posted = await context.request.post(`${base}/discovery/candidates/${(await candidate('198.19.231.11'))!.id}/approve`, { form: { _csrf: csrf, name: 'by-viewer' }, headers: { origin: base }, maxRedirects: 0 });
      expect(posted.status()).toBe(403);
      expect((await candidate('198.19.231.11'))!.status).toBe('ignored');
    } finally {
      await browser.close();
    }
  }, 60_000);
});
