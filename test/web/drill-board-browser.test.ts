import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { launchChromiumProfile } from '../support/chromium';
import { stringify as toYaml } from 'yaml';
import type { BrowserContext, Page } from 'playwright-core';
import { configSchema } from '../../src/config/schema';
import { createToken } from '../../src/auth/tokens';
import { silentLogger } from '../../src/log';
import { createYunet, type Yunet } from '../../src/yunet';
import { foregroundDaemon, freeTcpPort, waitFor, type Daemon } from '../lab/index';
import { itWith, missing } from '../support/requirements';
import { accessibilityProblems } from '../support/axe';
import { testDatabase } from '../support/database';

// The security team's board in a real Chromium; the alert comes from a real Alertmanager's webhook.
const NEEDS = { commands: ['chromium', 'prometheus-alertmanager'] };
const it = itWith(NEEDS);
const SECRET = 'board-webhook-secret-2026';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yn-drill-board-'));
const artifacts = path.join(process.cwd(), 'test', 'artifacts');
let yunet: Yunet;
let alertmanager: Daemon | null = null;
let amPort = 0;
let security: string;
let viewer: string;

/** Beijing wall-clock time `minutes` from now, as a datetime-local field wants it. */
const beijingLocal = (minutes: number) => new Date(Date.now() + minutes * 60_000 + 8 * 3600_000).toISOString().slice(0, 16);

beforeAll(async () => {
  if (missing(NEEDS)) return;
  const config = configSchema.parse({
    database: await testDatabase(path.join(dir, 'y.db')),
    http: { port: 0, host: '127.0.0.1' },
    traps: { enabled: false },
    drills: { webhook_secret: SECRET },
  });
  yunet = await createYunet({ config, schedule: false, pollAtStart: false, log: silentLogger, env: {} });
  await yunet.listen();
  security = await createToken(yunet.ctx.db, 'soc-lead', 'security');
  viewer = await createToken(yunet.ctx.db, 'noc-screen', 'viewer');
  amPort = await freeTcpPort();
  fs.writeFileSync(path.join(dir, 'secret'), SECRET);
  fs.writeFileSync(
    path.join(dir, 'alertmanager.yml'),
    toYaml({
      route: { receiver: 'yunet', group_wait: '1s', group_interval: '1s', group_by: ['alertname'] },
      receivers: [{ name: 'yunet', webhook_configs: [{ url: `http://127.0.0.1:${yunet.port}/api/alerts/webhook`, send_resolved: true, http_config: { authorization: { type: 'Bearer', credentials_file: path.join(dir, 'secret') } } }] }],
    }),
  );
  alertmanager = foregroundDaemon('alertmanager', 'prometheus-alertmanager', [`--config.file=${path.join(dir, 'alertmanager.yml')}`, `--storage.path=${path.join(dir, 'am')}`, `--web.listen-address=127.0.0.1:${amPort}`, '--cluster.listen-address=']);
  await waitFor('alertmanager to listen', async () => (await fetch(`http://127.0.0.1:${amPort}/-/ready`).catch(() => null))?.ok ?? false, 20_000);
  fs.mkdirSync(artifacts, { recursive: true });
}, 60_000);
afterAll(async () => {
  await alertmanager?.stop();
  await yunet?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function signIn(browser: BrowserContext, token: string, next: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${yunet.port}/field/signin?next=${encodeURIComponent(next)}`);
  await page.locator('input[name=token]').fill(token);
  await page.getByRole('button', { name: '登录' }).click();
  return page;
}

describe('the drill board in a real browser', () => {
  it('security creates a drill and annotates it; an alert sent by Alertmanager shows up on the open board without a reload; a viewer gets no forms', async () => {
    const base = `http://127.0.0.1:${yunet.port}`;
    const launch = () => launchChromiumProfile(dir);
    const soc = await launch();
    const noc = await launch();
    try {
      const page = await signIn(soc, security, '/drills');
      await page.waitForURL(`${base}/drills`);
      expect(await accessibilityProblems(page)).toEqual([]);
      await page.locator('input[name=name]').fill('粤盾-2026 演练');
      await page.locator('input[name=starts_at]').fill(beijingLocal(-5));
      const endTyped = beijingLocal(60);
      await page.locator('input[name=ends_at]').fill(endTyped);
      await page.getByRole('button', { name: '创建 Create' }).click();
      await page.waitForURL(/\/drills\/\d+$/);
      await expect(page.locator('h1').first().textContent()).resolves.toContain('进行中');
      const boardUrl = page.url();

      await page.getByRole('form', { name: '现场记录' }).locator('input[name=text]').fill('10:05 红队开始扫描石碁镇网段');
      await page.getByRole('button', { name: '添加' }).click();
      await page.waitForURL(boardUrl);
      await expect(page.getByText('10:05 红队开始扫描石碁镇网段').isVisible()).resolves.toBe(true);

      // Extending by 30 minutes moves the end the API reports (the typed Beijing time + 30 min) and leaves a note.
      await page.getByLabel('延长').selectOption('30');
      await page.getByRole('button', { name: '延长', exact: true }).click();
      await page.waitForURL(boardUrl);
      await expect(page.getByText('延长 30 分钟 extended by 30 min').isVisible()).resolves.toBe(true);
      const api = (await (await fetch(`${base}/api/drills/${boardUrl.split('/').pop()}`, { headers: { authorization: `Bearer ${viewer}` } })).json()) as { ends_at: string };
      expect(Date.parse(api.ends_at)).toBe(Date.parse(`${endTyped}:00+08:00`) + 30 * 60_000);

      // The board stays open; Prometheus' part is played by a POST to Alertmanager's API.
      await page.evaluate(() => ((globalThis as unknown as { boardMarker: number }).boardMarker = 1));
      const fired = await fetch(`http://127.0.0.1:${amPort}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([{ labels: { alertname: 'YunetSnmpAuthFailuresDuringDrill', device: 'shiji-core', severity: 'critical', category: 'auth' }, annotations: { summary: 'SNMP 凭据猜测 shiji-core' }, startsAt: new Date().toISOString() }]),
      });
      expect(fired.status).toBe(200);
      await page.getByText('YunetSnmpAuthFailuresDuringDrill').first().waitFor({ timeout: 30_000 });
      expect(await page.evaluate(() => (globalThis as unknown as { boardMarker?: number }).boardMarker)).toBe(1);
      expect(await accessibilityProblems(page)).toEqual([]);
      await page.screenshot({ path: path.join(artifacts, 'drill-board.png'), fullPage: true });

      // A viewer sees the same board, read-only.
      const screen = await signIn(noc, viewer, new URL(boardUrl).pathname);
      await screen.waitForURL(boardUrl);
      await expect(screen.getByText('YunetSnmpAuthFailuresDuringDrill').first().isVisible()).resolves.toBe(true);
      await expect(screen.locator('main form').count()).resolves.toBe(0);
      expect(await accessibilityProblems(screen)).toEqual([]);
      await screen.screenshot({ path: path.join(artifacts, 'drill-board-viewer.png'), fullPage: true });
      await screen.goto(`${base}/drills`);
      await expect(screen.locator('main form').count()).resolves.toBe(0);

      // Security ends it; the after-action report follows.
      await page.getByRole('button', { name: '现在结束演练' }).click();
      await page.waitForURL(boardUrl);
      await expect(page.locator('h1').first().textContent()).resolves.toContain('已结束');
      await page.getByRole('link', { name: '复盘报告' }).click();
      await expect(page.locator('main').textContent()).resolves.toContain('YunetSnmpAuthFailuresDuringDrill');
      expect(await accessibilityProblems(page)).toEqual([]);
      await page.screenshot({ path: path.join(artifacts, 'drill-report.png'), fullPage: true });
    } finally {
      await soc.close();
      await noc.close();
    }
  }, 90_000);
});
