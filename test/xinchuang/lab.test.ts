import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createToken } from '../../src/auth/tokens';
import { yearNow } from '../../src/xinchuang/service';
import { itWith, missing } from '../support/requirements';
import { cleanupLab, createRouter, snmpGet, startLabYunet, startSnmpd, v2c, type Daemon, type LabYunet } from '../lab/index';

/**
 * The 信创 inventory against real agents: net-snmp's snmpd in two namespaces. One claims the identity of the
 * recorded Huawei NE40E (test/fixtures/readiness/huawei-ne40e.snmprec: its sysObjectID and sysDescr, set with
 * snmpd.conf's sysObjectID/sysDescr), the other answers as stock Net-SNMP. Expected vendors follow from the
 * sysObjectID the agent returns (snmpget) and the IANA enterprise numbers: 2011 Huawei, 8072 Net-SNMP.
 */
const PREFIX = 'yn-xc';
const needs = { root: true, commands: ['ip', 'snmpd', 'snmpget'] };
const it = itWith(needs);
const NE40E_OID = '1.3.6.1.4.1.2011.2.62.2.3';
const NE40E_DESCR = 'Huawei Versatile Routing Platform Software VRP (R) software, Version 8.180 (NE40E V800R011C10SPC100)';
const SYS = { descr: '.1.3.6.1.2.1.1.1.0', oid: '.1.3.6.1.2.1.1.2.0' };

let dir = '';
let lab: LabYunet | null = null;
const daemons: Daemon[] = [];
let token = '';

describe('a polled device ends up with its vendor, model and origin', () => {
  beforeAll(async () => {
    if (missing(needs)) return;
    await cleanupLab(PREFIX);
    dir = mkdtempSync(join(tmpdir(), 'yunet-xc-'));
    const hw = createRouter({ prefix: PREFIX, name: 'hw', ipv4: { root: '198.19.250.1', ns: '198.19.250.2', prefixLength: 30 } });
    const plain = createRouter({ prefix: PREFIX, name: 'plain', ipv4: { root: '198.19.250.5', ns: '198.19.250.6', prefixLength: 30 } });
    daemons.push(
      ...(await Promise.all([
        startSnmpd({ ns: hw.ns, name: 'hw', dir, config: `rocommunity public 198.18.0.0/15\nsysName xc-hw\nsysLocation 区政务中心 3F\nsysObjectID ${NE40E_OID}\nsysDescr ${NE40E_DESCR}\n`, endpoints: ['udp:198.19.250.2:161'] }),
        startSnmpd({ ns: plain.ns, name: 'plain', dir, config: 'rocommunity public 198.18.0.0/15\nsysName xc-plain\n', endpoints: ['udp:198.19.250.6:161'] }),
      ])),
    );
    lab = await startLabYunet({
      polling: { timeout_ms: 1500, retries: 1 },
      credentials: { public: { version: '2c', community: 'public' } },
      units: [{ name: '区政务服务数据管理局' }],
      devices: [
        { name: 'xc-hw', address: '198.19.250.2', credential: 'public', unit: '区政务服务数据管理局', role: 'core' },
        { name: 'xc-plain', address: '198.19.250.6', credential: 'public', unit: '区政务服务数据管理局', role: 'access' },
      ],
      xinchuang: { targets: [{ unit: '区政务服务数据管理局', year: yearNow(), ratio: 0.8 }] },
    });
    await lab.yunet.runCycle();
    token = await createToken(lab.yunet.ctx.db, 'xc-lab', 'viewer');
  }, 120_000);

  afterAll(async () => {
    await lab?.close();
    for (const d of daemons) await d.stop();
    if (!missing(needs)) await cleanupLab(PREFIX);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const get = async (path: string) => {
    const res = await lab!.yunet.app.request(path, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status, path).toBe(200);
    return res;
  };

  it('the agents answer the identities the test expects (snmpget)', () => {
    const hw = snmpGet(v2c('198.19.250.2', 'public'), [SYS.oid, SYS.descr]);
    expect(hw.get(SYS.oid.slice(1))?.text.replace(/^\./, '')).toBe(NE40E_OID);
    expect(hw.get(SYS.descr.slice(1))?.bytes?.toString()).toBe(NE40E_DESCR);
    expect(snmpGet(v2c('198.19.250.6', 'public'), [SYS.oid]).get(SYS.oid.slice(1))?.text).toMatch(/^\.?1\.3\.6\.1\.4\.1\.8072\./);
  });

  it('/api/xinchuang/devices: Huawei NE40E V800R011C10SPC100 domestic core; Net-SNMP unknown access, with its location', async () => {
    const { devices } = (await (await get('/api/xinchuang/devices')).json()) as { devices: Record<string, unknown>[] };
    const by = Object.fromEntries(devices.map((d) => [d.name, d]));
    expect(by['xc-hw']).toEqual({ name: 'xc-hw', unit: '区政务服务数据管理局', role: 'core', vendor: 'Huawei', model: 'NE40E', version: 'V800R011C10SPC100', origin: 'domestic', location: '区政务中心 3F' });
    expect(by['xc-plain']).toMatchObject({ vendor: 'Net-SNMP', origin: 'unknown', role: 'access', model: null });
  });

  it('/api/xinchuang: 1 of 2 domestic = 50 %, below the 80 % target', async () => {
    const s = (await (await get('/api/xinchuang')).json()) as { units: { unit: string; total: number; domestic: number; ratio: number; target: number; met: boolean }[] };
    expect(s.units).toHaveLength(1);
    expect(s.units[0]).toMatchObject({ unit: '区政务服务数据管理局', total: 2, domestic: 1, ratio: 0.5, target: 0.8, met: false });
  });

  it('/metrics: yunet_xinchuang_devices by unit, origin and role; yunet_xinchuang_ratio per unit and district', async () => {
    const text = await lab!.metrics();
    expect(text).toContain('yunet_xinchuang_devices{unit="区政务服务数据管理局",origin="domestic",role="core"} 1');
    expect(text).toContain('yunet_xinchuang_devices{unit="区政务服务数据管理局",origin="unknown",role="access"} 1');
    expect(text).toContain('yunet_xinchuang_ratio{unit="区政务服务数据管理局"} 0.5');
    expect(text).toContain('yunet_xinchuang_ratio{unit="*"} 0.5');
  });

  it('/xinchuang page (zh-CN) lists the Net-SNMP device to identify; the CSV export carries it', async () => {
    const html = await (await get('/xinchuang')).text();
    expect(html).toContain('信创适配改造进展');
    expect(html).toContain('xc-plain');
    const csv = await (await get('/api/xinchuang/replacements.csv')).text();
    expect(csv).toContain('区政务服务数据管理局,xc-plain,Net-SNMP,,,access,unknown,');
    expect(csv).not.toContain('xc-hw');
  });
});
