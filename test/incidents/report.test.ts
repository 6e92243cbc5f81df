import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromiumProfile } from '../support/chromium';
import { configSchema } from '../../src/config/schema';
import { createToken } from '../../src/auth/tokens';
import { createDrill } from '../../src/drills/store';
import { ingestNotification } from '../../src/incidents/ingest';
import { webhookSchema } from '../../src/incidents/payload';
import { EventWriter } from '../../src/traps/writer';
import { RejectionCounter } from '../../src/traps/rejections';
import { silentLogger } from '../../src/log';
import { createYunet, type Yunet } from '../../src/yunet';
import { itWith } from '../support/requirements';
import { freeUdpPort } from '../support/snmpd';
import { testDatabase } from '../support/database';

/** A JSON response body, read loosely by assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

let yunet: Yunet;
let viewer: string;
let drillId: number;
let dir: string;
const T0 = Date.parse('2026-05-12T01:00:00Z');
const at = (min: number) => new Date(T0 + min * 60_000);

async function notify(alerts: { name: string; device: string | null; category: string; start: number; end?: number; fp: string; source?: string }[]) {
  await ingestNotification(
    yunet.ctx.db,
    webhookSchema.parse({
      version: '4', groupKey: 'g', status: 'firing', receiver: 'yunet', groupLabels: {}, commonLabels: {}, commonAnnotations: {}, externalURL: 'http://am',
      alerts: alerts.map((a) => ({
        status: a.end === undefined ? 'firing' : 'resolved',
        labels: { alertname: a.name, category: a.category, severity: 'critical', ...(a.device ? { device: a.device, unit: '石碁镇政府' } : {}), ...(a.source ? { source: a.source } : {}) },
        annotations: { summary: `${a.name} ${a.device ?? a.source}` },
        startsAt: at(a.start).toISOString(),
        endsAt: a.end === undefined ? '0001-01-01T00:00:00Z' : at(a.end).toISOString(),
        fingerprint: a.fp,
      })),
    }),
    at(Math.max(...alerts.map((a) => a.start)) + 1),
  );
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-report-'));
  const config = configSchema.parse({
    database: await testDatabase(path.join(dir, 'y.db')),
    http: { port: 0, host: '127.0.0.1' },
    traps: { port: await freeUdpPort(), address: '127.0.0.1' },
    credentials: { lab: { version: '2c', community: 'public' } },
    units: [{ name: '石碁镇政府' }],
    devices: [
      { name: 'shiji-core', address: '198.18.7.1', credential: 'lab', unit: '石碁镇政府' },
      { name: 'shiji-access', address: '198.18.7.2', credential: 'lab', unit: '石碁镇政府' },
    ],
  });
  yunet = await createYunet({ config, schedule: false, pollAtStart: false, log: silentLogger });
  viewer = await createToken(yunet.ctx.db, 'noc-screen', 'viewer');
  drillId = (await createDrill(yunet.ctx.db, { name: '粤盾-2026', startsAt: at(0), endsAt: at(600), scopeUnits: null, notes: '' }, 'test')).id;

  await notify([
    { name: 'YunetSnmpAuthFailuresDuringDrill', device: 'shiji-core', category: 'auth', start: 30, fp: 'f-auth' },
    { name: 'YunetDeviceUnreachableDuringDrill', device: 'shiji-access', category: 'down', start: 60, end: 75, fp: 'f-down' },
    { name: 'YunetConfigurationChangedDuringDrill', device: 'shiji-core', category: 'config', start: 120, fp: 'f-config' },
  ]);
  // Before the drill: must not appear.
  await notify([{ name: 'YunetDeviceUnreachable', device: 'shiji-core', category: 'down', start: -120, end: -100, fp: 'f-old' }]);
  const { incidents } = await import('../../db/schema/drills');
  const { eq } = await import('drizzle-orm');
  await yunet.ctx.db.update(incidents).set({ attackStartedAt: at(26) }).where(eq(incidents.fingerprint, 'f-auth'));

  const { drillAnnotations } = await import('../../db/schema/drills');
  await yunet.ctx.db.insert(drillAnnotations).values({ drillId, time: at(27), author: 'soc-lead', text: '攻击队 3 报告：开始猜测 SNMP 团体字' });

  const w = new EventWriter(yunet.ctx.db);
  const ev = (min: number, source: string, device: string | null, trap: string, category: 'auth' | 'config' | 'other' | 'restart', attribution: 'authenticated' | 'unverified' = 'unverified') =>
    w.push({ time: at(min), source, device, kind: 'trap', version: attribution === 'authenticated' ? '3' : '2c', trapOid: '', trap, category, summary: `${trap} from ${source}`, varbinds: [], attribution });
  // Refused datagrams as the receiver counts them: per minute and claimed source, one spoofing a device's address.
  const rejections = new RejectionCounter(yunet.ctx.db, { maxSourcesPerMinute: 100, maxRows: 1000 });
  rejections.record('198.51.100.66', 'bad_community', at(42).getTime());
  for (let i = 0; i < 5; i++) rejections.record('198.18.7.2', 'bad_community', at(43).getTime() + i);
  rejections.record('198.51.100.99', 'bad_v3_auth', at(700).getTime()); // after the drill
  await rejections.flush(at(43).getTime());
  ev(31, '198.18.7.1', 'shiji-core', 'authenticationFailure', 'auth');
  ev(32, '198.18.7.1', 'shiji-core', 'authenticationFailure', 'auth');
  ev(40, '198.51.100.66', null, 'other', 'other');
  ev(41, '198.51.100.66', null, 'other', 'other');
  ev(42, '198.51.100.66', null, 'linkDown', 'other', 'authenticated');
  ev(76, '198.18.7.2', 'shiji-access', 'coldStart', 'restart');
  ev(119, '198.18.7.1', 'shiji-core', 'hwCfgChgNotify', 'config', 'authenticated');
  ev(700, '198.51.100.99', null, 'other', 'other'); // after the drill
  await w.flush();
});
afterAll(async () => {
  await yunet?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const get = (url: string) => yunet.app.request(url, { headers: { authorization: `Bearer ${viewer}` } });

describe('after-action report', () => {
  it('as JSON: incidents with detection latency, unknown sources, auth failures, devices down, config changes', async () => {
    expect((await yunet.app.request(`/api/drills/${drillId}/report`)).status).toBe(401);
    const r = (await (await get(`/api/drills/${drillId}/report`)).json()) as Json;
    expect(r.summary).toEqual({
      incidents: 3,
      annotated: 1,
      median_time_to_detect_seconds: 240,
      max_time_to_detect_seconds: 240,
      unknown_source_traps: 3,
      authentication_failures: 3,
      rejected_datagrams: 6,
      authenticated_events: 2,
      unverified_events: 5,
      devices_down: 1,
      configuration_changes: 2,
    });
    expect(r.attribution_note).toMatch(/Only SNMPv3 traps with authentication/);
    expect(r.incidents.map((i: { alertname: string }) => i.alertname)).toEqual([
      'YunetSnmpAuthFailuresDuringDrill',
      'YunetDeviceUnreachableDuringDrill',
      'YunetConfigurationChangedDuringDrill',
    ]);
    expect(r.notes).toEqual([{ time: at(27).toISOString(), author: 'soc-lead', text: '攻击队 3 报告：开始猜测 SNMP 团体字' }]);
    expect(r.unknown_sources).toEqual([{ source: '198.51.100.66', traps: 3, authenticated: 1, first: at(40).toISOString(), last: at(42).toISOString(), traps_seen: ['other', 'linkDown'] }]);
    // First seen: the alert fired at minute 30, before the first of the two authenticationFailure traps (31, 32).
    expect(r.authentication_failures).toEqual([{ device: 'shiji-core', auth_failure_traps: 2, alerts: 1, first_seen: at(30).toISOString() }]);
    // The seven traps stored inside the window by name; the one at minute 700 is after the drill.
    expect(r.traps_by_type).toEqual([
      { trap: 'authenticationFailure', traps: 2, first_seen: at(31).toISOString(), last_seen: at(32).toISOString() },
      { trap: 'other', traps: 2, first_seen: at(40).toISOString(), last_seen: at(41).toISOString() },
      { trap: 'coldStart', traps: 1, first_seen: at(76).toISOString(), last_seen: at(76).toISOString() },
      { trap: 'hwCfgChgNotify', traps: 1, first_seen: at(119).toISOString(), last_seen: at(119).toISOString() },
      { trap: 'linkDown', traps: 1, first_seen: at(42).toISOString(), last_seen: at(42).toISOString() },
    ]);
    // Refused datagrams claiming shiji-access's address are not charged to shiji-access.
    expect(r.rejected_datagrams.map((x: Json) => [x.claimed_source, x.address_of_device, x.datagrams])).toEqual([
      ['198.18.7.2', 'shiji-access', 5],
      ['198.51.100.66', null, 1],
    ]);
    expect(r.rejected_datagrams[0].description).toBe('5 datagrams claiming source 198.18.7.2 (the address of shiji-access), refused: bad_community');
    expect(r.configuration_changes.map((c: { attribution: string }) => c.attribution)).toEqual(['authenticated', 'alert']);
    expect(r.devices_down).toEqual([
      { device: 'shiji-access', alertname: 'YunetDeviceUnreachableDuringDrill', starts_at: at(60).toISOString(), ends_at: at(75).toISOString(), duration_seconds: 900 },
      { device: 'shiji-access', alertname: 'coldStart', starts_at: at(76).toISOString(), ends_at: null, duration_seconds: null },
    ]);
    expect(r.configuration_changes.map((c: { what: string }) => c.what)).toEqual(['hwCfgChgNotify', 'YunetConfigurationChangedDuringDrill']);
  });

  it('as CSV that Excel opens as UTF-8, one row per finding', async () => {
    const res = await get(`/api/drills/${drillId}/report.csv`);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(bytes, { columns: true, bom: true }) as Record<string, string>[];
    const auth = rows.find((x) => x.section === 'incident' && x.name === 'YunetSnmpAuthFailuresDuringDrill')!;
    expect(auth).toMatchObject({ device: 'shiji-core', time_to_detect_seconds: '240', attack_started_at: at(26).toISOString() });
    expect(rows.filter((x) => x.section === 'incident')).toHaveLength(3);
    expect(rows.filter((x) => x.section === 'unknown_source').map((x) => [x.device, x.count])).toEqual([['198.51.100.66', '3']]);
    expect(rows.filter((x) => x.section === 'configuration_change')).toHaveLength(2);
    expect(rows.filter((x) => x.section === 'traps_by_type').map((x) => [x.name, x.count])).toEqual([['authenticationFailure', '2'], ['other', '2'], ['coldStart', '1'], ['hwCfgChgNotify', '1'], ['linkDown', '1']]);
    expect(rows.filter((x) => x.section === 'rejected_datagrams').map((x) => [x.device, x.count])).toEqual([['198.18.7.2', '5'], ['198.51.100.66', '1']]);
  });

  it('answers 404 for an unknown drill', async () => {
    expect((await get('/api/drills/999/report')).status).toBe(404);
  });

  itWith({ commands: ['chromium'] })('as a web page in Chinese and English that a browser renders', async () => {
    await yunet.listen();
    const browser = await launchChromiumProfile(os.tmpdir(), { extraHTTPHeaders: { authorization: `Bearer ${viewer}` } });
    try {
      const page = await browser.newPage();
      // From the list of drills to the report, as a person would.
      expect((await page.goto(`http://127.0.0.1:${yunet.port}/drills`))?.status()).toBe(200);
      await page.getByRole('link', { name: '报告 report' }).click();
      await page.waitForURL(`**/drills/${drillId}/report`);
      expect(await page.title()).toBe('演练复盘报告 After-action report — 粤盾-2026');
      const headings = await page.locator('h2').allInnerTexts();
      expect(headings).toEqual(['事件时间线 Incident timeline', '演练记录 Drill notes', '未知来源的 Trap Traps from unknown sources', '认证失败（按设备） Authentication failures by device', '告警报文（按类型） Traps by type', '被拒绝的报文（声称的来源） Refused datagrams, by the source they claim', '设备离线或重启 Devices that went down', '配置变更 Configuration changes']);
      const firstRow = await page.locator('table').first().locator('tr').nth(1).locator('td').allInnerTexts();
      // Times in Beijing time: 01:30Z is 09:30 in Asia/Shanghai; detection 4 minutes after the reported attack start.
      expect(firstRow[0]).toBe('2026/05/12 09:30:00');
      expect(firstRow[5]).toBe('4m 0s');
      expect(await page.locator('body').innerText()).toContain('198.51.100.66');
    } finally {
      await browser.close();
    }
  });
});
