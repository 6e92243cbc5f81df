import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { itWith } from '../support/requirements';
import { testDatabase } from '../support/database';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { configSchema } from '../../src/config/schema';
import { authenticate, createToken } from '../../src/auth/tokens';
import { tokenCommand } from '../../src/cli/token';
import { openDatabase } from '../../db/index';
import { silentLogger } from '../../src/log';
import { today } from '../../src/field/dates';
import { createYunet, type Yunet } from '../../src/yunet';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yn-field-api-'));
const admin = 'bootstrap-admin-token-field-0123456';
let yunet: Yunet;
let coordinator: string;
let viewer: string;

beforeAll(async () => {
  const config = configSchema.parse({ database: await testDatabase(path.join(dir, 'y.db')) });
  yunet = await createYunet({ config, demo: true, schedule: false, pollAtStart: false, log: silentLogger, env: { YUNET_ADMIN_TOKEN: admin } });
  coordinator = await createToken(yunet.ctx.db, 'coordinator-1', 'coordinator');
  viewer = await createToken(yunet.ctx.db, 'wall', 'viewer');
});
afterAll(async () => {
  await yunet?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
async function call(method: string, url: string, token?: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const res = await yunet.app.request(url, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : text };
}

const station = (code: string, over: Record<string, unknown> = {}) => ({ code, name: `${code} 站`, operator: '中国电信', town: '化龙镇', village: '明经村', type: 'macro', planned_year: 2026, ...over });

describe('field API', () => {
  it('demo data matches the bureau figures for 2023 and is marked demo', async () => {
    const { status, body } = await call('GET', '/api/progress/stations?year=2023', viewer);
    expect(status).toBe(200);
    expect(body.district).toMatchObject({ town: '全区', target: 1795, built: 2041, stations_on_air: 13_693 });
    expect(body.district.ratio.toFixed(3)).toBe('1.137');
    expect(body.towns).toHaveLength(16);
    expect(body.towns.map((t: Json) => t.rank).sort((a: number, b: number) => a - b)[0]).toBe(1);
    const spots = await call('GET', '/api/progress/blind-spots', viewer);
    expect(spots.body.resolved_in_year).toContainEqual({ year: 2023, count: 233 });
    const hz = await call('GET', '/api/progress/hazards', viewer);
    expect(hz.body.remediated_in_year).toContainEqual({ year: 2023, count: 655 });
    const list = await call('GET', '/api/stations?per_page=1', viewer);
    expect(list.body.items[0]).toMatchObject({ demo: true, notes: expect.stringContaining('演示数据') });
  });

  it('needs a token to read and the coordinator role to write, with actionable errors', async () => {
    expect((await call('GET', '/api/stations')).body.error).toMatch(/authentication required.*Bearer/);
    const w = await call('POST', '/api/stations', viewer, station('V-1'));
    expect(w).toMatchObject({ status: 403, body: { error: 'role "viewer" may not do this; needs coordinator' } });
  });

  it('creates, filters, paginates, moves forward and refuses moving back without admin + reason, auditing each change', async () => {
    const c = await call('POST', '/api/stations', coordinator, station('HL-1', { latitude: 23.03, longitude: 113.49 }));
    expect(c.status).toBe(201);
    expect(c.body).toMatchObject({ code: 'HL-1', builder: '中国铁塔', status: 'planned', town: '化龙镇', village: '明经村', demo: false });
    expect((await call('POST', '/api/stations', coordinator, station('HL-1'))).body.error).toBe('code: a station with code "HL-1" already exists');
    await call('POST', '/api/stations', coordinator, station('HL-2'));

    const page = await call('GET', '/api/stations?town=化龙镇&q=HL-&per_page=1&page=2', viewer);
    expect(page.body).toMatchObject({ total: 2, page: 2, per_page: 1, items: [{ code: 'HL-2' }] });
    // The search ignores letter case on both databases (SQLite's LIKE does for ASCII, PostgreSQL's does not).
    expect((await call('GET', '/api/stations?town=化龙镇&q=hl-2', viewer)).body).toMatchObject({ total: 1, items: [{ code: 'HL-2' }] });
    expect((await call('GET', '/api/stations?status=built', viewer)).body.error).toMatch(/^status: "built" is not a valid value/);

    const up = await call('POST', '/api/stations/HL-1/status', coordinator, { status: 'on_air' });
    expect(up.body).toMatchObject({ status: 'on_air', on_air_on: today() });
    const back = await call('POST', '/api/stations/HL-1/status', coordinator, { status: 'approved', date: today() });
    expect(back).toMatchObject({ status: 422, body: { error: 'station "HL-1": status: moving a station back from on_air to approved needs the admin role' } });
    expect((await call('POST', '/api/stations/HL-1/status', admin, { status: 'approved' })).body.error).toMatch(/needs a reason/);
    const ok = await call('POST', '/api/stations/HL-1/status', admin, { status: 'approved', date: today(), reason: '开通信息录错' });
    expect(ok.body).toMatchObject({ status: 'approved', approved_on: today(), on_air_on: null });

    const audit = await call('GET', `/api/audit?entity=station&entity_id=${c.body.id}`, viewer);
    expect(audit.body.entries.map((e: Json) => [e.action, e.actor, e.before?.status ?? null, e.after.status, e.reason])).toEqual([
      ['transition', 'bootstrap-admin', 'on_air', 'approved', '开通信息录错'],
      ['transition', 'coordinator-1', 'planned', 'on_air', null],
      ['create', 'coordinator-1', null, 'planned', null],
    ]);
  });

  it('refuses bad records with every problem named and stores nothing', async () => {
    const r = await call('POST', '/api/stations', coordinator, station('BAD-1', { town: '天河区', latitude: 23, status: 'on_air', on_air_on: '2999-01-01' }));
    expect(r.status).toBe(422);
    expect(r.body.details).toEqual([
      'on_air_on: 2999-01-01 is in the future',
      'longitude: latitude and longitude go together',
      expect.stringMatching(/^town: unknown town "天河区"/),
    ]);
    expect((await call('GET', '/api/stations/BAD-1', viewer)).status).toBe(404);
    const range = await call('POST', '/api/stations', coordinator, station('BAD-2', { latitude: 91, longitude: 181 }));
    expect(range).toMatchObject({ status: 400, body: { error: expect.stringContaining('latitude: latitude must be between -90 and 90') } });
  });

  it('tracks blind spots and hazards; overdue hazards show in progress and metrics', async () => {
    const spot = await call('POST', '/api/blind-spots', coordinator, { name: '新造地铁站', town: '新造镇', category: 'road', source: 'complaint', reported_on: '2026-01-05', rsrp_before: -121 });
    expect(spot.status).toBe(201);
    const closeNoReason = await call('POST', `/api/blind-spots/${spot.body.id}/status`, coordinator, { status: 'closed_unresolvable' });
    expect(closeNoReason.body.details).toEqual(['status_reason: a reason is required to close a blind spot as unresolvable']);
    const patched = await call('PATCH', `/api/blind-spots/${spot.body.id}`, coordinator, { status: 'resolved', resolution: 'new_station', resolved_by_station: 'HL-2', rsrp_after: -92 });
    expect(patched.body).toMatchObject({ status: 'resolved', resolved_on: today(), resolved_by_station: 'HL-2' });

    const insp = await call('POST', '/api/inspections', coordinator, { date: '2026-02-01', town: '石楼镇', villages: ['大岭村', '赤岗村'], inspector: '三线专班' });
    expect(insp.status).toBe(201);
    const hz = await call('POST', '/api/hazards', coordinator, {
      town: '石楼镇', village: '大岭村', line_type: 'catv', hazard_type: 'tangled', severity: 'high', owner: '测试权属单位', found_on: '2026-02-01', deadline: '2026-03-01', inspection_id: insp.body.id,
    });
    expect(hz.status).toBe(201);
    const overdue = await call('GET', '/api/hazards?overdue=true&owner=测试权属单位', viewer);
    expect(overdue.body.total).toBe(1);
    const inspections = await call('GET', '/api/inspections', viewer);
    expect(inspections.body.inspections.find((i: Json) => i.id === insp.body.id)).toMatchObject({ villages: ['大岭村', '赤岗村'], hazards_found: 1 });
    const prog = await call('GET', '/api/progress/hazards', viewer);
    expect(prog.body.by_owner).toContainEqual({ owner: '测试权属单位', open: 1, overdue: 1 });
    const text = await (await yunet.app.request('/metrics')).text();
    expect(text).toContain('yunet_line_hazards_overdue{town="石楼镇",owner="测试权属单位"} 1');
    expect(text).toContain('yunet_5g_build_target{year="2023",town="全区"} 1795');
    expect(text).toContain('yunet_5g_built{year="2023",town="全区"} 2041');
    expect(text).toMatch(/yunet_5g_build_completion_ratio\{year="2023",town="全区"\} 1\.137/);
    expect(text).toContain('yunet_line_hazards_remediated{year="2023",town="全区"} 655');
    expect(text).toMatch(/yunet_blind_spots\{town="新造镇",category="road",status="resolved"\} \d+/);
    expect(text).toMatch(/yunet_blind_spot_open_age_days_max\{town="[^"]+"\} \d+/);
    expect(text).toMatch(/yunet_5g_stations\{town="化龙镇",operator="中国电信",status="approved"\} \d+/);
  });

  it('sets targets per town and operator; progress ranks towns for a year', async () => {
    expect((await call('PUT', '/api/targets', coordinator, { year: 2026, town: '化龙镇', target: 4 })).status).toBe(200);
    expect((await call('PUT', '/api/targets', coordinator, { year: 2026, town: '化龙镇', operator: '中国电信', target: 2 })).status).toBe(200);
    expect((await call('PUT', '/api/targets', coordinator, { year: 2026, town: '南沙区', target: 2 })).body.error).toMatch(/^town "南沙区" not found/);
    await call('POST', '/api/stations/HL-2/status', coordinator, { status: 'on_air' });
    const p = await call('GET', '/api/progress/stations?year=2026', viewer);
    const hl = p.body.towns.find((t: Json) => t.town === '化龙镇');
    expect(hl).toMatchObject({ target: 4, built: 1, ratio: 0.25, rank: 1, by_operator: [{ operator: '中国电信', built: 1, target: 2 }] });
    const byOp = await call('GET', `/api/progress/stations?year=2026&operator=${encodeURIComponent('中国电信')}`, viewer);
    expect(byOp.body.towns.find((t: Json) => t.town === '化龙镇')).toMatchObject({ target: 2, built: 1, ratio: 0.5 });
  });

  it('imports over HTTP with a dry run, and exports', async () => {
    const file = iconv.encode('站点编码,站点名称,运营商,镇街,站型,计划年份\nIMP-1,导入一号,中国广电,沙湾街,宏站,2026\nIMP-2,导入二号,中国广电,番禺广场,宏站,2026\n', 'gb18030');
    const form = () => {
      const f = new FormData();
      f.set('file', new Blob([file]), 'stations.csv');
      return f;
    };
    const bad = await yunet.app.request('/api/import/stations?dry_run=true', { method: 'POST', headers: { authorization: `Bearer ${coordinator}` }, body: form() });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as Json).rejected).toEqual([{ row: 3, column: '镇街', reason: expect.stringMatching(/^unknown town "番禺广场"/) }]);
    const good = iconv.encode('code,name,operator,town,type,planned_year\nIMP-1,导入一号,中国广电,沙湾街,macro,2026\n', 'gb18030');
    const res = await yunet.app.request('/api/import/stations', { method: 'POST', headers: { authorization: `Bearer ${coordinator}`, 'content-type': 'text/csv' }, body: good });
    expect(await res.json()).toMatchObject({ charset: 'gb18030', created: 1, applied: true });
    const wrong = await yunet.app.request('/api/import/stations', { method: 'POST', headers: { authorization: `Bearer ${coordinator}` }, body: 'a,b\n1,2\n' });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as Json).error).toMatch(/^file: unknown column\(s\) "a", "b"/);
    const exp = await yunet.app.request('/api/export/blind-spots?format=xlsx', { headers: { authorization: `Bearer ${viewer}` } });
    expect(exp.headers.get('content-type')).toMatch(/spreadsheetml/);
    expect(Buffer.from(await exp.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
  });

  itWith({ commands: ['promtool'] })('exposes field metrics that promtool accepts', async () => {
    const text = await (await yunet.app.request('/metrics')).text();
    const field = text
      .split('\n')
      .filter((l) => /^(# (HELP|TYPE) )?yunet_(5g_|blind_spot|line_hazards)/.test(l))
      .join('\n');
    expect(field).toMatch(/# TYPE yunet_5g_stations gauge/);
    // The one lint finding is the name the issue prescribes (days, not seconds); anything else fails.
    const lint = spawnSync('promtool', ['check', 'metrics'], { input: field + '\n', encoding: 'utf8' });
    expect((lint.stdout + lint.stderr).trim().split('\n')).toEqual(['yunet_blind_spot_open_age_days_max use base unit "seconds" instead of "days"']);
  });

  it('serves an OpenAPI document generated from the zod schemas', async () => {
    const { body } = await call('GET', '/api/openapi.json');
    expect(body.openapi).toBe('3.1.0');
    expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/api/devices', '/api/stations', '/api/stations/{code}/status', '/api/hazards/{id}', '/api/import/blind-spots', '/api/progress/stations']));
    const create = body.paths['/api/stations'].post.requestBody.content['application/json'].schema;
    expect(create.required).toEqual(expect.arrayContaining(['code', 'name', 'operator', 'town', 'type', 'planned_year']));
    expect(create.properties.latitude.anyOf[0]).toMatchObject({ minimum: -90, maximum: 90 });
    expect(create.properties.operator.anyOf?.[0]?.enum ?? create.properties.operator.enum).toEqual(['中国移动', '中国联通', '中国电信', '中国广电']);
  });
});

describe('token CLI and bootstrap admin', () => {
  it('creates a token through npm run yunet (printed once, stored hashed), then lists and revokes it', async () => {
    const cfg = path.join(dir, 'cli.yml');
    fs.writeFileSync(cfg, `database:\n  path: ${path.join(dir, 'cli.db')}\n`);
    const token = execFileSync('npm', ['run', '--silent', 'yunet', '--', 'token', 'create', '--role', 'coordinator', '--name', 'coordinator-1', '--config', cfg], { encoding: 'utf8' }).trim();
    expect(token).toMatch(/^yn_[A-Za-z0-9_-]{43}$/);
    expect(fs.readFileSync(path.join(dir, 'cli.db')).includes(Buffer.from(token))).toBe(false);
    const database = await openDatabase(path.join(dir, 'cli.db'));
    try {
      const out: string[] = [];
      expect(await authenticate(database.db, token)).toEqual({ name: 'coordinator-1', role: 'coordinator' });
      expect(await tokenCommand(database.db, ['list'], (l) => out.push(l))).toBe(0);
      expect(out[0]).toMatch(/^coordinator-1\tcoordinator\tcreated /);
      expect(await tokenCommand(database.db, ['revoke', '--name', 'coordinator-1'], (l) => out.push(l))).toBe(0);
      expect(await authenticate(database.db, token)).toBeNull();
    } finally {
      await database.close();
    }
  });
});
