import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { launchChromiumProfile } from '../support/chromium';
import iconv from 'iconv-lite';
import { configSchema } from '../../src/config/schema';
import { createToken } from '../../src/auth/tokens';
import { silentLogger } from '../../src/log';
import { today } from '../../src/field/dates';
import { createYunet, type Yunet } from '../../src/yunet';
import { itWith } from '../support/requirements';
import { testDatabase } from '../support/database';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yn-field-browser-'));
const artifacts = path.join(process.cwd(), 'test-artifacts');
let yunet: Yunet;
let coordinator: string;
const year = today().slice(0, 4);
const UPLOAD_LIMIT = 1024 * 1024;

beforeAll(async () => {
  const config = configSchema.parse({ database: await testDatabase(path.join(dir, 'y.db')), http: { port: 0, host: '127.0.0.1', max_upload_bytes: UPLOAD_LIMIT } });
  yunet = await createYunet({ config, schedule: false, pollAtStart: false, log: silentLogger, env: {} });
  coordinator = await createToken(yunet.ctx.db, 'coordinator-1', 'coordinator');
  const admin = await createToken(yunet.ctx.db, 'setup-admin', 'admin');
  const res = await yunet.app.request('/api/targets', {
    method: 'PUT',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ year: Number(year), town: '石楼镇', target: 4 }),
  });
  expect(res.status).toBe(200);
});
afterAll(async () => {
  await yunet?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('field pages in a real browser', () => {
  itWith({ commands: ['chromium'] })('a coordinator signs in, imports a GB18030 CSV, moves a station on air and sees the town ratio change', async () => {
    await yunet.listen();
    const base = `http://127.0.0.1:${yunet.port}`;
    // What Chinese Excel saves as "CSV (逗号分隔)": GB18030 without BOM, Chinese headers and values.
    const csvFile = path.join(dir, '石楼镇基站.csv');
    fs.writeFileSync(
      csvFile,
      iconv.encode(
        [
          '站点编码,站点名称,运营商,镇街,村居,站型,计划年份,状态,开通日期',
          `SL-001,石楼大岭村宏站,中国移动,石楼镇,大岭村,宏站,${year},已开通,${today()}`,
          `SL-002,石楼赤岗村微站,中国联通,石楼镇,赤岗村,微站,${year},已通电,`,
          `SL-003,石楼莲花山室分,中国电信,石楼镇,莲花山,室分,${year},规划,`,
        ].join('\r\n') + '\r\n',
        'gb18030',
      ),
    );
    const browser = await launchChromiumProfile(os.tmpdir());
    try {
      const page = await browser.newPage();
      const ratioOf = async (town: string) => (await page.locator(`#town-progress tr[data-town="${town}"] td.ratio`).innerText()).trim();

      await page.goto(`${base}/field`);
      await page.waitForURL('**/field/signin?next=%2Ffield');
      await page.locator('input[name=token]').fill(coordinator);
      await page.getByRole('button', { name: '登录' }).click();
      await page.waitForURL(`${base}/field`);
      expect(await ratioOf('石楼镇')).toBe('0.0%');

      await page.getByRole('link', { name: '导入' }).click();
      await page.locator('select[name=kind]').selectOption('stations');
      await page.locator('input[name=file]').setInputFiles(csvFile);
      await page.getByRole('button', { name: '预览' }).click();
      await page.waitForURL('**/field/import');
      expect(await page.locator('#import-summary').innerText()).toContain('GB18030');
      expect(await page.locator('#created').innerText()).toBe('3');
      expect(await page.locator('#rejected').innerText()).toBe('0');
      await page.getByRole('button', { name: '确认导入' }).click();
      await page.waitForURL('**/field/import/confirm');
      expect(await page.locator('h1').innerText()).toContain('已导入');

      await page.goto(`${base}/field`);
      expect(await ratioOf('石楼镇')).toBe('25.0%');

      await page.goto(`${base}/field/stations?town=${encodeURIComponent('石楼镇')}`);
      const row = page.locator('#records tr[data-key="SL-002"]');
      await row.locator('select[name=status]').selectOption('on_air');
      await row.getByRole('button', { name: '更新' }).click();
      await page.waitForURL(/ok=/);
      expect(await page.locator('.msg.ok').innerText()).toBe('SL-002: 已保存');

      await page.getByRole('link', { name: '建设进度' }).click();
      await page.waitForURL(`${base}/field`);
      expect(await ratioOf('石楼镇')).toBe('50.0%');
      expect(await page.locator('#town-progress tr[data-town="全区"] td.ratio').innerText()).toBe('50.0%');
      fs.mkdirSync(artifacts, { recursive: true });
      await page.screenshot({ path: path.join(artifacts, 'field-progress.png'), fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: path.join(artifacts, 'field-progress-phone.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  });

  itWith({ commands: ['chromium'] })('a spreadsheet over the upload limit gets the page saying so, not a reset connection', async () => {
    await yunet.listen();
    const base = `http://127.0.0.1:${yunet.port}`;
    // 64 times the limit: the browser is still sending when yunet has refused it.
    const big = path.join(dir, 'too-big.csv');
    fs.writeFileSync(big, `站点编码,站点名称\n${'SL-99,大文件\n'.repeat((64 * UPLOAD_LIMIT) / 16)}`); // 16 bytes a line
    const browser = await launchChromiumProfile(os.tmpdir());
    try {
      const page = await browser.newPage();
      await page.goto(`${base}/field/signin?next=%2Ffield%2Fimport`);
      await page.locator('input[name=token]').fill(coordinator);
      await page.getByRole('button', { name: '登录' }).click();
      await page.waitForURL(`${base}/field/import`);
      await page.locator('select[name=kind]').selectOption('stations');
      await page.locator('input[name=file]').setInputFiles(big);
      const answer = page.waitForResponse((r) => r.url() === `${base}/field/import` && r.request().method() === 'POST');
      await page.getByRole('button', { name: '预览' }).click();
      expect((await answer).status()).toBe(413);
      expect(await page.locator('.msg.err').innerText()).toBe('request body larger than 1 MB');
    } finally {
      await browser.close();
    }
  });
});
