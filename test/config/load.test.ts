import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from '../../src/config/load';
import { configProblems } from '../support/config';

const issueExample = `
http: { port: 9470 }
database: { path: ./data/yunet.db }
polling:
  schedule: "*/1 * * * *"     # node-cron; optional leading seconds field
  concurrency: 64
  timeout_ms: 2000
  retries: 1
  max_repetitions: 25
credentials:
  public-v2: { version: 2c, community: public }
  ops-v3:
    version: 3
    username: opsv3
    auth: { protocol: sha256, key: "authpass123" }   # md5 sha sha224 sha256 sha384 sha512
    priv: { protocol: aes, key: "privpass123" }      # des aes aes256b aes256r
units:
  - { name: 区政务服务数据管理局, town: 市桥街, ipv4: [198.18.0.0/16], ipv6: ["2001:db8::/32"] }
devices:
  - { name: r1-core, address: 198.18.1.2, credential: public-v2, unit: 区政务服务数据管理局, role: core }
  - { name: r1-v6, address: "2001:db8:1::2", port: 161, credential: ops-v3, vendor: auto }
`;


describe('configuration', () => {
  it('accepts the documented shape', () => {
    const c = parseConfig(issueExample, 'yunet.yml');
    expect(c.polling).toMatchObject({ schedule: '*/1 * * * *', concurrency: 64, timeout_ms: 2000, retries: 1, max_repetitions: 25 });
    expect(c.credentials['public-v2']).toEqual({ version: '2c', community: 'public' });
    expect(c.credentials['ops-v3']).toMatchObject({ version: '3', username: 'opsv3', auth: { protocol: 'sha256' }, priv: { protocol: 'aes' } });
    expect(c.devices.map((d) => [d.name, d.port, d.vendor])).toEqual([
      ['r1-core', 161, 'auto'],
      ['r1-v6', 161, 'auto'],
    ]);
    expect(c.units[0]).toMatchObject({ name: '区政务服务数据管理局', town: '市桥街' });
  });

  it('accepts a six-field cron schedule with seconds', () => {
    expect(parseConfig('polling: { schedule: "*/15 * * * * *" }', 'x').polling.schedule).toBe('*/15 * * * * *');
  });

  it('names the path of every problem', () => {
    const text = issueExample.replace('credential: ops-v3, vendor: auto', 'credential: nope, vendor: juniper');
    expect(configProblems(text)).toEqual([
      'devices[1].vendor: Invalid option: expected one of "auto"|"huawei"|"h3c"|"cisco"|"ruijie"|"zte"|"linux"',
    ]);
    expect(configProblems(issueExample.replace('credential: ops-v3', 'credential: ops-v4'))).toEqual(['devices[1].credential: unknown credential "ops-v4"']);
    expect(configProblems(issueExample.replace('protocol: sha256', 'protocol: sha1'))[0]).toMatch(/^credentials\.ops-v3/);
    expect(configProblems('polling: { schedule: "every minute" }')).toEqual(['polling.schedule: not a valid cron expression']);
    expect(configProblems('devices: [{ name: a, address: 198.18.0.1, credential: c, port: 70000 }]')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^devices\[0\]\.port:/), 'devices[0].credential: unknown credential "c"']),
    );
  });

  it('reports YAML syntax errors with the line', () => {
    expect(configProblems('polling:\n  schedule: "*/1 * * * *\n')[0]).toMatch(/YAML syntax error \(line \d+\)/);
  });

  it('never echoes a secret in an error', () => {
    const text = issueExample.replace('key: "authpass123"', 'key: "short"');
    const msg = configProblems(text).join('\n');
    expect(msg).toMatch(/credentials\.ops-v3/);
    expect(msg).not.toContain('short');
  });

  it('chooses --config, then $YUNET_CONFIG, then ./yunet.yml, else demo; env overrides port and database', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-cfg-'));
    const a = path.join(dir, 'a.yml');
    const b = path.join(dir, 'b.yml');
    fs.writeFileSync(a, 'http: { port: 1001 }');
    fs.writeFileSync(b, 'http: { port: 1002 }');
    expect(loadConfig({ file: a, env: { YUNET_CONFIG: b }, cwd: dir }).config.http.port).toBe(1001);
    expect(loadConfig({ env: { YUNET_CONFIG: b }, cwd: dir }).config.http.port).toBe(1002);
    expect(loadConfig({ env: {}, cwd: dir })).toMatchObject({ file: null, config: { http: { port: 9470 }, database: { path: './data/yunet.db' } } });
    fs.writeFileSync(path.join(dir, 'yunet.yml'), 'http: { port: 1003 }');
    expect(loadConfig({ env: {}, cwd: dir }).config.http.port).toBe(1003);
    const env = loadConfig({ env: { YUNET_PORT: '1234', YUNET_DB: '/tmp/x.db' }, cwd: dir }).config;
    expect([env.http.port, env.database.path]).toEqual([1234, '/tmp/x.db']);
    expect(() => loadConfig({ env: { YUNET_PORT: 'abc' }, cwd: dir })).toThrow(/YUNET_PORT/);
    expect(() => loadConfig({ file: path.join(dir, 'missing.yml'), env: {} })).toThrow(/cannot read: ENOENT/);
  });
});
