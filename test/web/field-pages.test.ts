import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { configSchema } from '../../src/config/schema';
import { createToken, revokeToken } from '../../src/auth/tokens';
import { silentLogger } from '../../src/log';
import { createYunet, type Yunet } from '../../src/yunet';
import { testDatabase, testDialect } from '../support/database';
import { webSessions } from '../../db/schema/field';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yn-field-web-'));
const origin = 'http://localhost';
let yunet: Yunet;
let coordinator: string;

beforeAll(async () => {
  yunet = await createYunet({ config: configSchema.parse({ database: await testDatabase(path.join(dir, 'y.db')) }), schedule: false, pollAtStart: false, log: silentLogger, env: {} });
  coordinator = await createToken(yunet.ctx.db, 'coordinator-1', 'coordinator');
  await createToken(yunet.ctx.db, 'wall', 'viewer');
});
afterAll(async () => {
  await yunet?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const req = (url: string, init: RequestInit & { cookie?: string } = {}) =>
  yunet.app.request(`${origin}${url}`, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), ...(init.cookie ? { cookie: init.cookie } : {}) } });
const form = (data: Record<string, string>) => ({ method: 'POST', body: new URLSearchParams(data).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', origin } });

async function signIn(token: string): Promise<{ cookie: string; csrf: string }> {
  const res = await req('/field/signin', form({ token, next: '/field' }));
  expect(res.status).toBe(303);
  const set = res.headers.get('set-cookie')!;
  expect(set).toMatch(/yunet_session=[^;]+;.*HttpOnly/i);
  const cookie = set.split(';')[0];
  const page = await (await req('/field/stations', { cookie })).text();
  return { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(page)![1] };
}

describe('field pages', () => {
  it('draws built against target for every year with targets, as the targets say', async () => {
    const admin = await createToken(yunet.ctx.db, 'targets-admin', 'admin');
    for (const [year, target] of [[2024, 30], [2025, 40]])
      expect((await req('/api/targets', { method: 'PUT', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify({ year, town: '南村镇', target }) })).status).toBe(200);
    const { cookie } = await signIn(coordinator);
    const page = await (await req('/field?year=2025', { cookie })).text();
    expect(page).toContain('aria-label="已建成 / 目标: 2024: 0/30; 2025: 0/40"');
    expect(page.match(/<polyline /g)).toHaveLength(2);
  });

  it('sends visitors without a session to sign-in, and refuses a wrong token', async () => {
    const res = await req('/field/stations');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/field/signin?next=%2Ffield%2Fstations');
    const bad = await req('/field/signin', form({ token: 'yn_nope', next: '/field' }));
    expect(bad.status).toBe(401);
    expect(await bad.text()).toContain('令牌无效或已吊销');
  });

  it('renders the progress page in Chinese with a DOCTYPE, in English after the switch', async () => {
    const { cookie } = await signIn(coordinator);
    const zh = await (await req('/field?year=2023', { cookie })).text();
    expect(zh.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(zh).toContain('<html lang="zh-CN">');
    expect(zh).toContain('建设进度');
    expect(zh).toContain('data-town="南村镇"');
    const byOperator = await (await req(`/field?year=2023&operator=${encodeURIComponent('中国联通')}`, { cookie })).text();
    expect(byOperator).toContain('<option value="中国联通" selected="">中国联通</option>');
    const sw = await req('/field/lang?to=en&back=%2Ffield', { cookie });
    const lang = sw.headers.get('set-cookie')!.split(';')[0];
    const en = await (await req('/field', { cookie: `${cookie}; ${lang}` })).text();
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Progress');
  });

  it('keeps the session hashed in the database; a revoked token ends the session', async () => {
    const t = await createToken(yunet.ctx.db, 'short-lived', 'viewer');
    const { cookie } = await signIn(t);
    const raw = cookie.split('=')[1];
    // Nowhere in the database: the SQLite file whole, or on PostgreSQL the sessions table, where it would be.
    if (testDialect === 'sqlite') expect(fs.readFileSync(path.join(dir, 'y.db')).includes(Buffer.from(raw))).toBe(false);
    else expect(JSON.stringify(await yunet.ctx.db.select().from(webSessions))).not.toContain(raw);
    expect((await req('/field', { cookie })).status).toBe(200);
    await revokeToken(yunet.ctx.db, 'short-lived');
    expect((await req('/field', { cookie })).status).toBe(302);
  });

  it('creates a station from the form, changes its status in place, and refuses forms without the CSRF token or from another origin', async () => {
    const { cookie, csrf } = await signIn(coordinator);
    const fields = { code: 'WEB-1', name: '网页站', operator: '中国移动', town: '大石街', type: 'micro', planned_year: '2026' };
    const created = await req('/field/stations/new', { ...form({ _csrf: csrf, ...fields }), cookie });
    expect(created.status).toBe(303);
    const noToken = await req('/field/stations/WEB-1/status', { ...form({ status: 'on_air' }), cookie });
    expect(noToken.status).toBe(403);
    const crossSite = await req('/field/stations/WEB-1/status', { ...form({ _csrf: csrf, status: 'on_air' }), headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://evil.example' }, cookie });
    expect(crossSite.status).toBe(403);
    const moved = await req('/field/stations/WEB-1/status', { ...form({ _csrf: csrf, status: 'on_air', back: '/field/stations?q=WEB-1' }), cookie });
    expect(moved.status).toBe(303);
    const list = await (await req(moved.headers.get('location')!, { cookie })).text();
    expect(list).toMatch(/WEB-1: 已保存/);
    expect(list).toMatch(/<option value="on_air" selected="">已开通<\/option>/);
    const back = await req('/field/stations/WEB-1/status', { ...form({ _csrf: csrf, status: 'planned', back: '/field/stations' }), cookie });
    const msg = decodeURIComponent(back.headers.get('location')!.split('err=')[1]);
    expect(msg).toMatch(/needs the admin role/);
    const edit = await req('/field/stations/WEB-1/edit', { ...form({ _csrf: csrf, ...fields, latitude: '123' }), cookie });
    expect(await edit.text()).toContain('latitude must be between -90 and 90');
  });

  it('renders the list, new and edit pages of every record kind, and exports from the page', async () => {
    const { cookie, csrf } = await signIn(coordinator);
    const spot = { _csrf: csrf, name: '洛浦商务区地下车库', town: '洛浦街', category: 'key_area', source: 'complaint', reported_on: '2026-03-01' };
    expect((await req('/field/blind-spots/new', { ...form(spot), cookie })).status).toBe(303);
    const hazard = { _csrf: csrf, town: '化龙镇', village: '眉山村', line_type: 'power', hazard_type: 'sagging', severity: 'medium', owner: '供电局', found_on: '2026-03-02' };
    expect((await req('/field/hazards/new', { ...form(hazard), cookie })).status).toBe(303);
    for (const [kind, text] of [['stations', '5G基站'], ['blind-spots', '洛浦商务区地下车库'], ['hazards', '眉山村']]) {
      const list = await req(`/field/${kind}`, { cookie });
      expect(list.status).toBe(200);
      const html = await list.text();
      expect(html).toContain(text);
      expect((await req(`/field/${kind}/new`, { cookie })).status).toBe(200);
      const key = /<tr data-key="([^"]+)"/.exec(html)?.[1];
      if (key) expect(await (await req(`/field/${kind}/${encodeURIComponent(key)}/edit`, { cookie })).text()).toContain('name="_csrf"');
    }
    const csv = await req('/field/export/hazards?format=csv', { cookie });
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="hazards-\d{4}-\d{2}-\d{2}\.csv"/);
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM: Excel opens UTF-8 CSV correctly
    const text = bytes.subarray(3).toString('utf8');
    expect(text.split('\n')[0]).toBe('编号,镇街,村居,线路类型,隐患类型,严重程度,权属单位,位置,发现日期,巡查编号,整改期限,状态,派单日期,开始整治日期,整治完成日期,复核日期,备注');
    expect(text).toContain('化龙镇,眉山村,电力线,线路下垂,较重,供电局');
  });

  it('previews an import with its row errors, stores nothing, and imports on confirm', async () => {
    const { cookie, csrf } = await signIn(coordinator);
    const upload = (csv: string) => {
      const f = new FormData();
      f.set('_csrf', csrf);
      f.set('kind', 'hazards');
      f.set('file', new Blob([iconv.encode(csv, 'gb18030')]), '隐患.csv');
      return req('/field/import', { method: 'POST', body: f, headers: { origin }, cookie });
    };
    const header = '镇街,村居,线路类型,隐患类型,严重程度,权属单位,发现日期,整改期限\n';
    const bad = await (await upload(header + '石碁镇,金山村,电力线,线路下垂,严重,供电局,2026-01-05,2026-02-05\n石碁镇,金山村,煤气管,线路下垂,严重,供电局,2026-01-05,2025-12-01\n')).text();
    expect(bad).toContain('有错误：未写入任何数据');
    expect(bad).toMatch(/<td class="num">3<\/td><td>线路类型<\/td><td>&quot;煤气管&quot; is not one of/);
    expect(bad).not.toContain('确认导入');
    const good = await (await upload(header + '石碁镇,金山村,电力线,线路下垂,严重,供电局,2026-01-05,2026-02-05\n')).text();
    expect(good).toMatch(/id="created">1</);
    const id = /name="upload" value="([0-9a-f]+)"/.exec(good)![1];
    const before = await (await req('/field/hazards?town=' + encodeURIComponent('石碁镇'), { cookie })).text();
    expect(before).not.toContain('金山村');
    const done = await (await req('/field/import/confirm', { ...form({ _csrf: csrf, upload: id }), cookie })).text();
    expect(done).toContain('已导入');
    expect(await (await req('/field/hazards?town=' + encodeURIComponent('石碁镇'), { cookie })).text()).toContain('金山村');
    // An upload is confirmed once.
    expect(await (await req('/field/import/confirm', { ...form({ _csrf: csrf, upload: id }), cookie })).text()).toContain('预览已过期');
  });

  it('lets a viewer read but not change', async () => {
    const { cookie, csrf } = await signIn(await createToken(yunet.ctx.db, 'viewer-2', 'viewer'));
    expect(await (await req('/field/stations', { cookie })).text()).not.toContain('<form class="inline status"');
    const res = await req('/field/import', { cookie });
    expect(res.status).toBe(403);
    const post = await req('/field/stations/new', { ...form({ _csrf: csrf, code: 'V' }), cookie });
    expect(post.status).toBe(403);
  });
});
