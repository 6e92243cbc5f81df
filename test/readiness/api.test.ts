import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseCsv } from 'csv-parse/sync';
import { configSchema } from '../../src/config/schema';
import { parseConfig, ConfigError } from '../../src/config/load';
import { createToken } from '../../src/auth/tokens';
import { silentLogger } from '../../src/log';
import { createYunet, type Yunet } from '../../src/yunet';
import { apiRequest } from '../support/api';
import { testDatabase } from '../support/database';

let yunet: Yunet;
const admin = 'bootstrap-admin-token-readiness-0123';
let viewer: string;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yn-rd-api-'));

beforeAll(async () => {
  const config = configSchema.parse({
    database: await testDatabase(path.join(dir, 'y.db')),
    credentials: { pub: { version: '2c', community: 'rd-secret-community' } },
    srv6: { locator_block: '2001:db8:ff00::/40' },
    units: [{ name: '南村镇政府', town: '南村镇', ipv4: ['198.18.32.0/20'], ipv6: ['2001:db8:32::/48'] }],
    devices: [
      { name: 'nancun-core', address: '198.18.32.1', port: 1161, vendor: 'huawei', credential: 'pub', unit: '南村镇政府', role: 'core', srv6: { capable: true, enabled: true, locator: '2001:db8:ff00:32::/64' } },
    ],
  });
  yunet = await createYunet({ config, schedule: false, pollAtStart: false, log: silentLogger, env: { YUNET_ADMIN_TOKEN: admin } });
  viewer = await createToken(yunet.ctx.db, 'wall', 'viewer');
});
afterAll(async () => {
  await yunet?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const call = async (method: string, url: string, token?: string, body?: unknown) => {
  const res = await apiRequest(yunet.app, method, url, token, body);
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, text: bytes.toString('utf8'), bytes, headers: res.headers };
};

describe('config prefixes', () => {
  it('rejects host bits, /129 and text with the value and its path', () => {
    const yml = `units:\n  - name: a\n    ipv4: ["198.18.0.1/24"]\n    ipv6: ["2001:db8::1/64", "2001:db8::/129", "text"]\nsrv6:\n  locator_block: "2001:db8:ff00::1/40"\n`;
    let err: ConfigError | null = null;
    try {
      parseConfig(yml, 'yunet.yml');
    } catch (e) {
      err = e as ConfigError;
    }
    expect(err?.problems).toEqual([
      'units[0].ipv4[0]: "198.18.0.1/24" is not a valid IPv4 prefix: host bits set (the prefix is 198.18.0.0/24)',
      'units[0].ipv6[0]: "2001:db8::1/64" is not a valid IPv6 prefix: host bits set (the prefix is 2001:db8::/64)',
      'units[0].ipv6[1]: "2001:db8::/129" is not a valid IPv6 prefix: prefix length /129 is longer than 128 bits',
      'units[0].ipv6[2]: "text" is not a valid IPv6 prefix: expected address/length, e.g. 2001:db8:10::/48 or 198.18.10.0/24',
      'srv6.locator_block: "2001:db8:ff00::1/40" is not a valid IPv6 prefix: host bits set (the prefix is 2001:db8:ff00::/40)',
    ]);
  });

  it('rejects an IPv4 prefix among ipv6 and a bad device locator', () => {
    const yml = `credentials: {c: {version: 2c, community: x}}\nunits: [{name: a, ipv6: ["198.18.0.0/24"]}]\ndevices: [{name: d, address: 198.18.0.1, credential: c, srv6: {capable: true, enabled: true, locator: "2001:db8:ff00:1::1/64"}}]\n`;
    expect(() => parseConfig(yml, 'y')).toThrow(/units\[0\]\.ipv6\[0\]: "198\.18\.0\.0\/24" is not a valid IPv6 prefix: expected an IPv6 prefix[\s\S]*devices\[0\]\.srv6\.locator: "2001:db8:ff00:1::1\/64"/);
  });
});

describe('/api/units', () => {
  it('creates, reads, renames and deletes a unit', async () => {
    const created = await call('POST', '/api/units', admin, { name: '大石街道办', town: '大石街', ipv4: ['198.18.48.0/20'], ipv6: ['2001:DB8:48::/48'] });
    expect(created.status).toBe(201);
    expect(JSON.parse(created.text)).toMatchObject({ name: '大石街道办', ipv6: ['2001:DB8:48::/48'], devices: 0 });
    expect((await call('POST', '/api/units', admin, { name: '大石街道办' })).status).toBe(409);
    const renamed = await call('PATCH', '/api/units/大石街道办', admin, { name: '大石街', ipv4: ['198.18.48.0/21'] });
    expect(JSON.parse(renamed.text)).toMatchObject({ name: '大石街', ipv4: ['198.18.48.0/21'], ipv6: ['2001:DB8:48::/48'] });
    expect((await call('DELETE', '/api/units/大石街', viewer)).status).toBe(403);
    expect((await call('DELETE', '/api/units/大石街', admin)).status).toBe(204);
    expect((await call('GET', '/api/units/大石街', viewer)).status).toBe(404);
  });

  it('rejects bad prefixes with value and path, and nothing stored changes', async () => {
    const before = await call('GET', '/api/units', viewer);
    const bad = await call('POST', '/api/units', admin, { name: 'x', ipv6: ['2001:db8:48::/48', '2001:db8::1/64'] });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).details).toEqual(['ipv6[1]: "2001:db8::1/64" is not a valid IPv6 prefix: host bits set (the prefix is 2001:db8::/64)']);
    const patch = await call('PATCH', '/api/units/南村镇政府', admin, { town: '改', ipv4: ['198.18.32.0/20', '198.18.0.0/33'] });
    expect(patch.status).toBe(400);
    expect(JSON.parse(patch.text).error).toContain('ipv4[1]: "198.18.0.0/33" is not a valid IPv4 prefix: prefix length /33 is longer than 32 bits');
    expect((await call('GET', '/api/units', viewer)).text).toBe(before.text);
  });

  it('rejects a device SRv6 locator with host bits over /api/devices and keeps the old declaration', async () => {
    const bad = await call('PATCH', '/api/devices/nancun-core', admin, { srv6: { capable: true, enabled: true, locator: '2001:db8:ff00:32::1/64' } });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error).toContain('srv6.locator: "2001:db8:ff00:32::1/64" is not a valid IPv6 prefix: host bits set');
    const d = JSON.parse((await call('GET', '/api/devices/nancun-core', viewer)).text);
    expect(d.srv6).toEqual({ capable: true, enabled: true, locator: '2001:db8:ff00:32::/64' });
  });

  it('a PATCH of the SRv6 declaration alone keeps the other stored fields', async () => {
    const ok = await call('PATCH', '/api/devices/nancun-core', admin, { srv6: { capable: true, enabled: false } });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.text)).toMatchObject({ port: 1161, vendor: 'huawei', enabled: true, srv6: { capable: true, enabled: false } });
    await call('PATCH', '/api/devices/nancun-core', admin, { srv6: { capable: true, enabled: true, locator: '2001:db8:ff00:32::/64' } });
  });
});

describe('/api/readiness before any poll', () => {
  it('shows the never-reached device as unknown with the yardsticks beside the unit figures', async () => {
    const r = JSON.parse((await call('GET', '/api/readiness', viewer)).text);
    expect(r.yardsticks).toEqual({ year: 2025, fixed_network_ipv6_traffic_share: 0.27, mobile_network_ipv6_traffic_share: 0.7 });
    expect(r.units.find((u: { unit: string }) => u.unit === '南村镇政府')).toMatchObject({ devices: 1, devices_by_level: { unknown: 1 }, share_level_2_plus: null });
    const d = JSON.parse((await call('GET', '/api/readiness/devices/nancun-core', viewer)).text);
    expect(d).toMatchObject({ level: null, level_name: 'unknown' });
    expect(d.checks.find((c: { check: string }) => c.check === 'srv6_declared')).toMatchObject({ status: 'unknown' });
    expect((await call('GET', '/api/readiness/devices/nope', viewer)).status).toBe(404);
    expect((await call('GET', '/api/readiness')).status).toBe(401);
  });

  it('findings follow unit changes at once (the cached report is keyed on database writes)', async () => {
    const overlaps = async () => JSON.parse((await call('GET', '/api/readiness/findings?kind=unit_overlap', viewer)).text).findings;
    expect(await overlaps()).toEqual([]);
    await call('POST', '/api/units', admin, { name: '南村-overlap', ipv6: ['2001:db8:32:8000::/49'] });
    expect(await overlaps()).toEqual([
      {
        kind: 'unit_overlap',
        unit: '南村-overlap',
        device: null,
        interface: null,
        address: '2001:db8:32:8000::/49',
        message: 'Prefix 2001:db8:32:8000::/49 of unit 南村-overlap overlaps prefix 2001:db8:32::/48 of unit 南村镇政府.',
      },
    ]);
    await call('PATCH', '/api/units/南村-overlap', admin, { ipv6: ['2001:db8:33::/48'] });
    expect(await overlaps()).toEqual([]);
    await call('DELETE', '/api/units/南村-overlap', admin);
  });

  it('exports the device table as CSV with a BOM for Excel', async () => {
    const res = await call('GET', '/api/readiness/devices.csv', viewer);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect([...res.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(res.text, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toEqual([expect.objectContaining({ device: 'nancun-core', unit: '南村镇政府', town: '南村镇', level: '', level_name: 'unknown', srv6_declared: 'unknown' })]);
    // A name that Excel would read as a formula is written inert.
    await call('POST', '/api/units', admin, { name: '=HYPERLINK("x")' });
    await call('POST', '/api/devices', admin, { name: '=cmd', address: '198.18.32.9', credential: 'pub', unit: '=HYPERLINK("x")' });
    const again = parseCsv((await call('GET', '/api/readiness/devices.csv', viewer)).text, { bom: true, columns: true }) as Record<string, string>[];
    expect(again.find((r) => r.device.includes('cmd'))).toMatchObject({ device: "'=cmd", unit: '\'=HYPERLINK("x")' });
    await call('DELETE', '/api/devices/=cmd', admin);
  });
});
