import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { launchChromiumProfile } from '../support/chromium';
import { configSchema } from '../../src/config/schema';
import { createToken } from '../../src/auth/tokens';
import { silentLogger } from '../../src/log';
import { createYunet, type Yunet } from '../../src/yunet';
import { itWith } from '../support/requirements';
import { accessibilityProblems } from '../support/axe';
import { snmpbulkwalk, startSnmpd, type Snmpd } from '../support/snmpd';
import { testDatabase } from '../support/database';

// Every menu entry as a signed-in admin sees it, over a real snmpd on loopback, in a real Chromium; each page
// is checked with axe-core and screenshotted under test/artifacts/ for review.
const it = itWith({ commands: ['chromium', 'snmpd', 'snmpbulkwalk'] });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yn-pages-browser-'));
const artifacts = path.join(process.cwd(), 'test', 'artifacts');
let yunet: Yunet;
let agent: Snmpd | null = null;
let admin: string;

beforeAll(async () => {
  if (it !== (await import('vitest')).it) return;
  agent = await startSnmpd(['rocommunity public 127.0.0.1', 'sysName lab-core.panyu', 'sysLocation 区政务数据局机房']);
  const config = configSchema.parse({
    database: await testDatabase(path.join(dir, 'y.db')),
    http: { port: 0, host: '127.0.0.1' },
    traps: { enabled: false },
    polling: { timeout_ms: 1000, retries: 0 },
    credentials: { lab: { version: '2c', community: 'public' } },
    units: [{ name: '区政务数据局', town: '市桥街', ipv4: ['127.0.0.0/8'], ipv6: ['::1/128'] }],
    devices: [{ name: 'lab-core', address: '127.0.0.1', port: agent.port, credential: 'lab', unit: '区政务数据局' }],
  });
  yunet = await createYunet({ config, schedule: false, pollAtStart: false, log: silentLogger, env: {} });
  admin = await createToken(yunet.ctx.db, 'admin-1', 'admin');
  // Two polls: interface rates need both.
  await yunet.runCycle();
  await new Promise((r) => setTimeout(r, 1100));
  await yunet.runCycle();
  await yunet.listen();
  fs.mkdirSync(artifacts, { recursive: true });
}, 60_000);
afterAll(async () => {
  await yunet?.close();
  agent?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the web face in a real browser', () => {
  it('an admin signs in, walks every menu entry (each accessible and under 200 KB), opens a device and prints the dual-stack report', async () => {
    const base = `http://127.0.0.1:${yunet.port}`;
    const browser = await launchChromiumProfile(os.tmpdir());
    try {
      const page = browser.pages()[0] ?? (await browser.newPage());
      const weights = new Map<string, number>();
      page.on('response', async (res) => {
        if (res.request().resourceType() === 'document') weights.set(new URL(res.url()).pathname, (await res.body().catch(() => Buffer.alloc(0))).length);
      });
      await page.goto(`${base}/`);
      await page.getByRole('link', { name: '登录' }).click();
      await page.locator('input[name=token]').fill(admin);
      await page.getByRole('button', { name: '登录' }).click();
      await page.waitForURL(`${base}/`);
      await expect(page.locator('header .who').textContent()).resolves.toContain('admin-1');

      const menu = page.getByRole('navigation', { name: '主菜单' });
      const entries = [
        ['总览', '/', '总览'],
        ['设备', '/devices', '设备'],
        ['双栈', '/readiness', 'IPv6 / SRv6 双栈改造进展'],
        ['5G与外场', '/field', '建设进度'],
        ['攻防演练', '/drills', '攻防演练'],
        ['信创', '/xinchuang', '信创适配改造进展'],
      ] as const;
      for (const [name, pathname, heading] of entries) {
        await menu.getByRole('link', { name, exact: true }).click();
        await page.waitForURL(`${base}${pathname}${pathname === '/field' ? '**' : ''}`);
        await expect(page.locator('h1').first().textContent()).resolves.toContain(heading);
        await expect(menu.getByRole('link', { name, exact: true }).getAttribute('aria-current')).resolves.toBe('page');
        expect(await accessibilityProblems(page), `${pathname}`).toEqual([]);
        await page.screenshot({ path: path.join(artifacts, `page${pathname.replaceAll('/', '-') || '-'}.png`), fullPage: true });
      }

      // A device page: its interfaces as the agent lists them, rates over two polls, and its checklist.
      await menu.getByRole('link', { name: '设备', exact: true }).click();
      await page.getByRole('link', { name: 'lab-core' }).click();
      await page.waitForURL(`${base}/devices/lab-core`);
      const walk = () => [...snmpbulkwalk(['-v2c', '-c', 'public', `127.0.0.1:${agent!.port}`, '1.3.6.1.2.1.2.2.1.2']).values()].map((v) => v.replace(/^"|"$/g, ''));
      const rows = page.locator('table:has(th:text-is("ifIndex")) tbody tr');
      // The agent lists this host's interfaces, which lab tests running beside this one add and remove: when the
      // walk and the last poll saw different sets, poll again and reload (at most three times).
      let ifDescr = walk();
      for (let i = 0; i < 3 && (await rows.count()) !== ifDescr.length; i++) {
        await yunet.runCycle();
        await page.reload();
        ifDescr = walk();
      }
      await expect(rows.count()).resolves.toBe(ifDescr.length);
      for (const name of ifDescr) await expect(page.locator('table tbody td', { hasText: name }).first().isVisible()).resolves.toBe(true);
      await expect(page.getByText('速率为最近两次轮询之间').isVisible()).resolves.toBe(true);
      await expect(page.locator('table:has(th:text-is("检查项")) tbody tr').count()).resolves.toBeGreaterThan(3);
      await expect(page.getByText('lab-core.panyu').isVisible()).resolves.toBe(true);
      expect(await accessibilityProblems(page)).toEqual([]);
      await page.screenshot({ path: path.join(artifacts, 'page-device.png'), fullPage: true });

      // The dual-stack report as the bureau prints it: A4 PDF with the Chinese heading.
      await page.goto(`${base}/readiness`);
      await page.emulateMedia({ media: 'print' });
      await expect(page.locator('header').isVisible()).resolves.toBe(false);
      await expect(page.getByRole('heading', { name: /IPv6 \/ SRv6 双栈改造进展/ }).isVisible()).resolves.toBe(true);
      const pdf = await page.pdf({ format: 'A4' });
      fs.writeFileSync(path.join(artifacts, 'readiness.pdf'), pdf);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length).toBeGreaterThanOrEqual(1);
      // A CJK font went into the PDF: the Chinese text is there as text, not boxes.
      expect(pdf.toString('latin1')).toMatch(/FontName\s*\/[A-Z]{6}\+(WenQuanYi|Noto|Droid|AR|Source)/);

      for (const [p, bytes] of weights) expect(bytes, p).toBeLessThan(200 * 1024);
      expect(weights.size).toBeGreaterThanOrEqual(entries.length);
    } finally {
      await browser.close();
    }
  }, 90_000);
});
