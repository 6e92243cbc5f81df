import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { launchChromium } from '../support/chromium';
import { configSchema } from '../../src/config/schema';
import { createToken } from '../../src/auth/tokens';
import { silentLogger } from '../../src/log';
import { createYunet, type Yunet } from '../../src/yunet';
import { itWith } from '../support/requirements';
import { accessibilityProblems } from '../support/axe';
import { freeUdpPort, startSnmpd, type Snmpd } from '../support/snmpd';
import { testDatabase } from '../support/database';

// A viewer (the bureau, a coordinator's colleague) in a Chromium with JavaScript off: the pages must work as plain
// HTML. Two devices: one answered by a real snmpd on loopback, one on a port nobody listens on (down).
const it = itWith({ commands: ['chromium', 'snmpd'] });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yn-viewer-browser-'));
const artifacts = path.join(process.cwd(), 'test', 'artifacts');
let yunet: Yunet;
let agent: Snmpd | null = null;
let viewer: string;

beforeAll(async () => {
  if (it !== (await import('vitest')).it) return;
  agent = await startSnmpd(['rocommunity public 127.0.0.1', 'sysName lab-up.panyu']);
  const config = configSchema.parse({
    database: await testDatabase(path.join(dir, 'y.db')),
    http: { port: 0, host: '127.0.0.1' },
    traps: { enabled: false },
    polling: { timeout_ms: 300, retries: 0 },
    credentials: { lab: { version: '2c', community: 'public' } },
    units: [
      { name: '区政务数据局', town: '市桥街' },
      { name: '南村镇人民政府', town: '南村镇' },
    ],
    devices: [
      { name: 'lab-up', address: '127.0.0.1', port: agent.port, credential: 'lab', unit: '区政务数据局' },
      { name: 'lab-silent', address: '127.0.0.1', port: await freeUdpPort(), credential: 'lab', unit: '南村镇人民政府' },
    ],
  });
  yunet = await createYunet({ config, schedule: false, pollAtStart: false, log: silentLogger, env: {} });
  viewer = await createToken(yunet.ctx.db, 'viewer-1', 'viewer');
  await yunet.runCycle();
  await yunet.listen();
  fs.mkdirSync(artifacts, { recursive: true });
}, 60_000);
afterAll(async () => {
  await yunet?.close();
  agent?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the web face for a viewer without JavaScript', () => {
  it('signs in, sees the role, filters devices by state, opens the silent one and exports the dual-stack CSV', async () => {
    const base = `http://127.0.0.1:${yunet.port}`;
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ javaScriptEnabled: false, acceptDownloads: true });
      const page = await context.newPage();
      await page.goto(`${base}/field/signin?next=/devices`);
      await page.locator('input[name=token]').fill(viewer);
      await page.getByRole('button', { name: '登录' }).click();
      await page.waitForURL(`${base}/devices`);
      await expect(page.locator('header .who').textContent()).resolves.toContain('viewer-1 (查看)');

      // The filter form is a plain GET form: no script needed.
      await page.getByLabel('状态').selectOption('down');
      await page.getByRole('button', { name: '筛选' }).click();
      await page.waitForURL(/\/devices\?.*state=down/);
      const rows = page.locator('table:has(th:text-is("设备")) tbody tr');
      await expect(rows.count()).resolves.toBe(1);
      await expect(rows.first().textContent()).resolves.toContain('lab-silent');
      await page.screenshot({ path: path.join(artifacts, 'viewer-devices-down.png'), fullPage: true });

      await page.getByRole('link', { name: 'lab-silent' }).click();
      await page.waitForURL(`${base}/devices/lab-silent`);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('lab-silent');
      await expect(page.locator('a[href="/metrics/devices/lab-silent"]').count()).resolves.toBe(1);
      await expect(page.locator('form[method=post]:not([action="/field/signout"])').count()).resolves.toBe(0);
      await page.screenshot({ path: path.join(artifacts, 'viewer-device-silent.png'), fullPage: true });

      await page.goto(`${base}/readiness`);
      const download = page.waitForEvent('download');
      await page.getByRole('link', { name: '导出设备清单 CSV' }).click();
      const csv = fs.readFileSync((await (await download).path())!, 'utf8');
      expect(csv).toContain('lab-up');
      expect(csv).toContain('lab-silent');

      // axe needs scripts; check the same pages in a context that runs them.
      const scripted = await browser.newContext();
      await scripted.addCookies(await context.cookies());
      const check = await scripted.newPage();
      for (const p of ['/devices?state=down', '/devices/lab-silent', '/readiness']) {
        await check.goto(`${base}${p}`);
        expect(await accessibilityProblems(check), p).toEqual([]);
      }
    } finally {
      await browser.close();
    }
  }, 90_000);
});
