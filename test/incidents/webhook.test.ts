import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema';
import { createToken } from '../../src/auth/tokens';
import { createDrill } from '../../src/drills/store';
import { silentLogger } from '../../src/log';
import { createYunet, type Yunet } from '../../src/yunet';
import { freeUdpPort } from '../support/snmpd';
import { testDatabase } from '../support/database';

/** A JSON response body, read loosely by assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const SECRET = 'alertmanager-shared-secret-2026';
let yunet: Yunet;
let security: string;
let viewer: string;
let drillId: number;
const T0 = Date.parse('2026-05-12T02:00:00Z');
const at = (min: number) => new Date(T0 + min * 60_000).toISOString();

beforeAll(async () => {
  const config = configSchema.parse({
    database: await testDatabase(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-webhook-')), 'y.db')),
    traps: { port: await freeUdpPort(), address: '127.0.0.1' },
    drills: { webhook_secret: SECRET },
    units: [{ name: '石碁镇政府' }, { name: '大龙街道办' }],
  });
  yunet = await createYunet({ config, schedule: false, pollAtStart: false, log: silentLogger });
  security = await createToken(yunet.ctx.db, 'soc-lead', 'security');
  viewer = await createToken(yunet.ctx.db, 'noc-screen', 'viewer');
  drillId = (await createDrill(yunet.ctx.db, { name: '粤盾-2026', startsAt: new Date(at(0)), endsAt: new Date(at(8 * 60)), scopeUnits: ['石碁镇政府'], notes: '' }, 'test')).id;
});
afterAll(() => yunet?.close());

function alert(over: Partial<{ status: string; labels: Record<string, string>; startsAt: string; endsAt: string; fingerprint: string }> = {}) {
  return {
    status: 'firing',
    labels: { alertname: 'YunetSnmpAuthFailuresDuringDrill', device: 'shiji-core', unit: '石碁镇政府', severity: 'critical', category: 'auth' },
    annotations: { summary: 'Drill: SNMP credential guessing against shiji-core' },
    startsAt: at(30),
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus:9090/graph?g0.expr=x',
    fingerprint: 'a1b2c3d4e5f60718',
    ...over,
  };
}
function payload(alerts: unknown[], status = 'firing') {
  return {
    version: '4',
    groupKey: '{}:{alertname="YunetSnmpAuthFailuresDuringDrill"}',
    truncatedAlerts: 0,
    status,
    receiver: 'yunet',
    groupLabels: { alertname: 'YunetSnmpAuthFailuresDuringDrill' },
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager:9093',
    alerts,
  };
}
const post = async (body: unknown, auth: string | null = SECRET, raw?: string) => {
  const res = await yunet.app.request('/api/alerts/webhook', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
    body: raw ?? JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Json };
};
const incidents = async (q = ''): Promise<Json[]> => ((await (await yunet.app.request(`/api/incidents${q}`, { headers: { authorization: `Bearer ${viewer}` } })).json()) as Json).incidents;

describe('POST /api/alerts/webhook', () => {
  it('answers 401 without the secret or a token, 403 for a viewer token', async () => {
    expect((await post(payload([alert()]), null)).status).toBe(401);
    expect((await post(payload([alert()]), 'wrong-secret-wrong-secret')).status).toBe(401);
    expect((await post(payload([alert()]), viewer)).status).toBe(403);
    expect(await incidents()).toEqual([]);
  });

  it('answers 400 naming what is wrong, and stores nothing of a bad notification', async () => {
    const noFingerprint = alert();
    delete (noFingerprint as Partial<typeof noFingerprint>).fingerprint;
    const r = await post(payload([alert({ fingerprint: 'ok-one' }), noFingerprint]));
    expect(r.status).toBe(400);
    expect(r.body.error).toMatch(/alerts\[1\]\.fingerprint/);
    const v3 = await post({ ...payload([alert()]), version: '3' });
    expect(v3.status).toBe(400);
    expect(v3.body.error).toMatch(/version/);
    const badTime = await post(payload([alert({ startsAt: 'yesterday' })]));
    expect(badTime.body.error).toMatch(/alerts\[0\]\.startsAt/);
    const noName = await post(payload([alert({ labels: { device: 'x' } })]));
    expect(noName.body.error).toMatch(/alerts\[0\]\.labels/);
    expect((await post(null, SECRET, '{"version": "4", ')).status).toBe(400);
    expect(await incidents()).toEqual([]);
  });

  it('turns a firing alert into an incident of the drill covering its unit, once', async () => {
    expect((await post(payload([alert()]))).body).toEqual({ created: 1, resolved: 0, unchanged: 0 });
    // Alertmanager repeats notifications every repeat_interval: nothing changes.
    expect((await post(payload([alert()]))).body).toEqual({ created: 0, resolved: 0, unchanged: 1 });
    // A security token works as well as the shared secret.
    expect((await post(payload([alert()]), security)).body).toEqual({ created: 0, resolved: 0, unchanged: 1 });
    const [i] = await incidents();
    expect(i).toMatchObject({ alertname: 'YunetSnmpAuthFailuresDuringDrill', status: 'firing', device: 'shiji-core', drill_id: drillId, starts_at: at(30), ends_at: null, severity: 'critical' });
  });

  it('resolves it, and a re-fire with a new startsAt is a new incident', async () => {
    expect((await post(payload([alert({ status: 'resolved', endsAt: at(42) })], 'resolved'))).body).toEqual({ created: 0, resolved: 1, unchanged: 0 });
    expect((await post(payload([alert({ status: 'resolved', endsAt: at(42) })], 'resolved'))).body).toEqual({ created: 0, resolved: 0, unchanged: 1 });
    expect((await post(payload([alert({ startsAt: at(90) })]))).body.created).toBe(1);
    const list = await incidents('?alertname=YunetSnmpAuthFailuresDuringDrill');
    expect(list.map((i: { starts_at: string; status: string; ends_at: string | null; duration_seconds: number | null }) => [i.starts_at, i.status, i.ends_at, i.duration_seconds])).toEqual([
      [at(90), 'firing', null, null],
      [at(30), 'resolved', at(42), 12 * 60],
    ]);
  });

  it('attaches nothing outside the window or the scope', async () => {
    await post(payload([alert({ fingerprint: 'before', startsAt: at(-5) }), alert({ fingerprint: 'other-unit', labels: { alertname: 'YunetDeviceUnreachable', device: 'dalong-core', unit: '大龙街道办' } })]));
    const all = await incidents();
    expect(all.find((i: { fingerprint: string }) => i.fingerprint === 'before').drill_id).toBeNull();
    expect(all.find((i: { fingerprint: string }) => i.fingerprint === 'other-unit').drill_id).toBeNull();
  });

  it('takes the reported attack start and shows time-to-detect and time-to-resolve', async () => {
    const i = (await incidents('?status=resolved'))[0];
    const patch = (body: unknown, token = security) =>
      yunet.app.request(`/api/incidents/${i.id}`, { method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await patch({ attack_started_at: at(25) }, viewer)).status).toBe(403);
    const late = await patch({ attack_started_at: at(31) });
    expect(late.status).toBe(400);
    expect(((await late.json()) as Json).error).toMatch(/^attack_started_at: .* after the alert fired/);
    const ok = await patch({ attack_started_at: '2026-05-12T10:22:30+08:00', attack_note: '攻击队 3：SNMP 口令猜测' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ attack_started_at: at(22.5), time_to_detect_seconds: 450, time_to_resolve_seconds: 1170, attack_note: '攻击队 3：SNMP 口令猜测' });
  });
});
