import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../db/schema/auth';
import { configSchema } from '../../src/config/schema';
import { createToken } from '../../src/auth/tokens';
import { silentLogger } from '../../src/log';
import { createYunet, type Yunet } from '../../src/yunet';
import { testDatabase } from '../support/database';

type Who = 'anonymous' | Role;
const WHO: Who[] = ['anonymous', 'viewer', 'coordinator', 'security', 'admin'];

/**
 * Who may do what, one row per route: the status each caller gets, in the order anonymous, viewer,
 * coordinator, security, admin. Bodies are empty and names unknown, so a caller who is let in meets the
 * route's own validation (400) or lookup (404); one who is not gets 401/403 (API) or the sign-in
 * redirect / a 403 page (web pages). The policy: viewers read; coordinators write field records; the
 * security team runs drills and incidents; admins do everything, inventory included.
 */
const policy: Record<string, string> = {
  'GET /healthz': '200 200 200 200 200',
  'GET /api/devices': '401 200 200 200 200',
  'GET /api/devices/:name': '401 404 404 404 404',
  'POST /api/devices': '401 403 403 403 400',
  'PATCH /api/devices/:name': '401 403 403 403 404',
  'DELETE /api/devices/:name': '401 403 403 403 404',
  'GET /api/credentials': '401 200 200 200 200',
  'GET /api/events': '401 200 200 200 200',
  'GET /api/events/rejections': '401 200 200 200 200',
  'GET /api/drills': '401 200 200 200 200',
  'GET /api/drills/:id': '401 404 404 404 404',
  'POST /api/drills': '401 403 403 400 400',
  'PATCH /api/drills/:id': '401 403 403 404 404',
  'DELETE /api/drills/:id': '401 403 403 403 404',
  'POST /api/drills/:id/annotations': '401 403 403 400 400',
  'POST /api/alerts/webhook': '401 403 403 400 400',
  'GET /api/incidents': '401 200 200 200 200',
  'GET /api/incidents/:id': '401 404 404 404 404',
  'PATCH /api/incidents/:id': '401 403 403 400 400',
  'GET /api/drills/:id/report': '401 404 404 404 404',
  'GET /api/drills/:id/report.csv': '401 404 404 404 404',
  'GET /api/units': '401 200 200 200 200',
  'GET /api/units/:name': '401 404 404 404 404',
  'POST /api/units': '401 403 403 403 400',
  'PATCH /api/units/:name': '401 403 403 403 404',
  'DELETE /api/units/:name': '401 403 403 403 404',
  'GET /api/readiness': '401 200 200 200 200',
  'GET /api/readiness/devices.csv': '401 200 200 200 200',
  'GET /api/readiness/devices/:name': '401 404 404 404 404',
  'GET /api/readiness/findings': '401 200 200 200 200',
  'GET /api/openapi.json': '200 200 200 200 200',
  'GET /api/towns': '401 200 200 200 200',
  'POST /api/towns': '401 403 403 403 400',
  'PATCH /api/towns/:name': '401 403 404 403 404',
  'GET /api/towns/:name/villages': '401 404 404 404 404',
  'POST /api/towns/:name/villages': '401 403 400 403 400',
  'GET /api/targets': '401 200 200 200 200',
  'PUT /api/targets': '401 403 400 403 400',
  'GET /api/xinchuang': '401 200 200 200 200',
  'GET /api/xinchuang/devices': '401 200 200 200 200',
  'GET /api/xinchuang/targets': '401 200 200 200 200',
  'PUT /api/xinchuang/targets': '401 403 400 403 400',
  'PUT /api/xinchuang/devices/:name': '401 403 404 403 404',
  'GET /api/xinchuang/replacements.csv': '401 200 200 200 200',
  'GET /api/xinchuang/replacements.xlsx': '401 200 200 200 200',
  'GET /xinchuang': '302 200 200 200 200',
  'GET /api/inspections': '401 200 200 200 200',
  'POST /api/inspections': '401 403 400 403 400',
  'GET /api/audit': '401 200 200 200 200',
  'GET /api/progress/stations': '401 200 200 200 200',
  'GET /api/progress/blind-spots': '401 200 200 200 200',
  'GET /api/progress/hazards': '401 200 200 200 200',
  'POST /api/import/:kind': '401 403 400 403 400',
  'GET /api/export/:kind': '401 200 200 200 200',
  'GET /': '200 200 200 200 200',
  'GET /metrics': '200 200 200 200 200',
  'GET /metrics/devices/:name': '404 404 404 404 404',
  'GET /api/discovery': '401 403 403 403 200',
  'GET /api/discovery/candidates': '401 403 403 403 200',
  'POST /api/discovery/sweep': '401 403 403 403 409',
  'POST /api/discovery/candidates/:id/approve': '401 403 403 403 404',
  'POST /api/discovery/candidates/:id/ignore': '401 403 403 403 404',
  'GET /api/topology': '401 200 200 200 200',
  'GET /api/cluster': '401 200 200 200 200',
  // Prometheus' service discovery: open like /metrics unless http.metrics_auth closes both.
  'GET /api/sd/prometheus': '200 200 200 200 200',
  'GET /topology': '302 200 200 200 200',
  'GET /topology.svg': '302 200 200 200 200',
  'GET /discovery': '302 403 403 403 200',
  'POST /discovery/sweep': '302 403 403 403 409',
  'POST /discovery/candidates/:id/approve': '302 403 403 403 404',
  'POST /discovery/candidates/:id/ignore': '302 403 403 403 404',
  'GET /devices': '302 200 200 200 200',
  'GET /devices/:name': '302 404 404 404 404',
  'GET /readiness': '302 200 200 200 200',
  'GET /readiness/devices.csv': '302 200 200 200 200',
  'GET /drills': '302 200 200 200 200',
  'POST /drills': '302 403 403 400 400',
  'GET /drills/:id': '302 404 404 404 404',
  'GET /drills/:id/live': '302 404 404 404 404',
  'POST /drills/:id/extend': '302 403 403 404 404',
  'POST /drills/:id/end': '302 403 403 404 404',
  'POST /drills/:id/annotations': '302 403 403 400 400',
  'GET /drills/:id/report': '302 404 404 404 404',
  'GET /field/signin': '200 200 200 200 200',
  'POST /field/signin': '401 401 401 401 401',
  'POST /field/signout': '302 303 303 303 303',
  'GET /field/lang': '302 302 302 302 302',
  'GET /field': '302 200 200 200 200',
  'GET /field/export/:kind': '302 200 200 200 200',
  'GET /field/import': '302 403 200 403 200',
  'POST /field/import': '302 403 200 403 200',
  'POST /field/import/confirm': '302 403 200 403 200',
};
// The three record kinds share their routes.
for (const kind of ['stations', 'blind-spots', 'hazards']) {
  Object.assign(policy, {
    [`GET /api/${kind}`]: '401 200 200 200 200',
    [`GET /api/${kind}/:key`]: '401 404 404 404 404',
    [`POST /api/${kind}`]: '401 403 400 403 400',
    [`PATCH /api/${kind}/:key`]: '401 403 404 403 404',
    [`POST /api/${kind}/:key/status`]: '401 403 400 403 400',
    [`DELETE /api/${kind}/:key`]: '401 403 403 403 404',
    [`GET /field/${kind}`]: '302 200 200 200 200',
    [`GET /field/${kind}/new`]: '302 403 200 403 200',
    [`POST /field/${kind}/new`]: '302 403 200 403 200',
    [`POST /field/${kind}/:key/status`]: '302 403 303 403 303',
    [`GET /field/${kind}/:key/edit`]: '302 403 404 403 404',
    [`POST /field/${kind}/:key/edit`]: '302 403 404 403 404',
  });
}

const params: Record<string, string> = { name: 'no-such-name', id: '987654', key: '987654', kind: 'stations' };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-roles-'));
let yunet: Yunet;
const tokens = new Map<Who, string>();
const sessions = new Map<Who, { cookie: string; csrf: string }>();

beforeAll(async () => {
  const config = configSchema.parse({ database: await testDatabase(path.join(dir, 'y.db')), traps: { enabled: false } });
  yunet = await createYunet({ config, schedule: false, pollAtStart: false, log: silentLogger });
  for (const who of WHO) {
    if (who === 'anonymous') continue;
    const token = await createToken(yunet.ctx.db, `role-${who}`, who);
    tokens.set(who, token);
    const res = await yunet.app.request('/field/signin', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' }, body: new URLSearchParams({ token }).toString() });
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
    const page = await (await yunet.app.request('/field', { headers: { cookie } })).text();
    sessions.set(who, { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '' });
  }
});
afterAll(async () => {
  await yunet?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function statusOf(method: string, route: string, who: Who): Promise<number> {
  const url = route.replace(/:(\w+)/g, (_, p: string) => params[p]);
  const headers: Record<string, string> = {};
  let body: string | undefined;
  if (url.startsWith('/api/')) {
    if (who !== 'anonymous') headers.authorization = `Bearer ${tokens.get(who)}`;
    if (method !== 'GET' && method !== 'DELETE') {
      headers['content-type'] = 'application/json';
      body = '{}';
    }
  } else {
    const s = sessions.get(who);
    if (s) headers.cookie = s.cookie;
    if (method === 'POST') {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers.origin = 'http://localhost';
      body = new URLSearchParams(s ? { _csrf: s.csrf } : {}).toString();
    }
  }
  return (await yunet.app.request(url, { method, headers, body })).status;
}

describe('every route × every role', () => {
  it('the table covers every route the app serves, and nothing else', () => {
    const served = new Set(yunet.app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`));
    expect([...served].filter((r) => !(r in policy))).toEqual([]);
    expect(Object.keys(policy).filter((r) => !served.has(r))).toEqual([]);
  });

  it('each caller gets the status the policy says', async () => {
    const wrong: string[] = [];
    // Signing out ends the sessions the other page checks use: it goes last.
    const routes = Object.entries(policy).sort(([a], [b]) => Number(a === 'POST /field/signout') - Number(b === 'POST /field/signout'));
    for (const [route, expected] of routes) {
      const [method, p] = route.split(' ');
      const got = [];
      for (const who of WHO) got.push(await statusOf(method, p, who));
      if (got.join(' ') !== expected) wrong.push(`${route}: expected ${expected}, got ${got.join(' ')}`);
    }
    expect(wrong).toEqual([]);
  });
});
