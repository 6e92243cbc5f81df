import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { itWith, missing } from '../support/requirements';
import {
  cleanupLab,
  compareInterfaces,
  EXPOSED_COLUMNS,
  createRouter,
  freeUdpPort,
  IF_TABLE,
  IFX_TABLE,
  one,
  parseExposition,
  SNMPSIM_EXAMPLES,
  snmpBulkWalk,
  snmpGet,
  sleep,
  snmpsimDataDir,
  startLabYunet,
  startMisbehavingAgent,
  startSnmpd,
  startSnmpsim,
  v2c,
  v3AuthPriv,
  type Daemon,
  type LabYunet,
  type MisbehavingAgent,
  type ParsedExposition,
  type ToolTarget,
  type ToolValue,
} from './index';
import type { CycleSummary } from '../../src/poll/fleet';

/**
 * yunet against real agents: net-snmp's snmpd in network namespaces (dual stack, IPv6 only, SNMPv3
 * SHA-256/AES), snmpsim replaying a recorded Cisco 3750 stack, an address where nothing answers,
 * a wrong community, and two misbehaving agents. /metrics must match what snmpbulkwalk reads.
 */
const needs = { root: true, commands: ['ip', 'snmpd', 'snmpbulkwalk', 'snmpget', 'snmpsimd'] };
const labIt = itWith(needs);
const PREFIX = 'yn-lab';

const TIMEOUT_MS = 500;
const RETRIES = 1;
const V3 = { user: 'labv3', auth: 'lab-auth-key-256', priv: 'lab-priv-key-aes' };
const DEAD = '198.19.64.130';
const CISCO_COMMUNITY = 'cisco_16_switch';

interface Reference {
  device: string;
  target: ToolTarget;
  before?: Map<string, ToolValue>;
  after?: Map<string, ToolValue>;
}

function walkInterfaces(t: ToolTarget): Map<string, ToolValue> {
  return new Map([...snmpBulkWalk(t, IF_TABLE), ...snmpBulkWalk(t, IFX_TABLE)]);
}

describe.runIf(missing(needs) === null || process.env.YUNET_TEST_STRICT === '1')('polling real agents', () => {
  const daemons: Daemon[] = [];
  const agents: MisbehavingAgent[] = [];
  let dir = '';
  let cisco = '';
  let lab: LabYunet;
  let junk: MisbehavingAgent;
  let loop: MisbehavingAgent;
  let refs: Reference[] = [];
  let first: CycleSummary;
  let exposition: ParsedExposition;
  let text = '';

  beforeAll(async () => {
    if (missing(needs)) return;
    await cleanupLab(PREFIX);
    dir = mkdtempSync(join(tmpdir(), 'yunet-lab-'));
    const dual = createRouter({
      prefix: PREFIX,
      name: 'dual',
      ipv4: { root: '198.19.64.1', ns: '198.19.64.2', prefixLength: 30 },
      ipv6: { root: '2001:db8:6401::1', ns: '2001:db8:6401::2', prefixLength: 64 },
      ipv6Forwarding: true,
      vethPairs: 3,
      // The dead address: routed into a namespace that neither owns nor forwards it, so packets vanish.
      routedIpv4: ['198.19.64.128/25'],
    });
    const v6only = createRouter({ prefix: PREFIX, name: 'v6only', ipv6: { root: '2001:db8:6402::1', ns: '2001:db8:6402::2', prefixLength: 64 }, vethPairs: 1 });
    const v3 = createRouter({ prefix: PREFIX, name: 'v3', ipv4: { root: '198.19.64.5', ns: '198.19.64.6', prefixLength: 30 }, vethPairs: 2 });
    cisco = snmpsimDataDir([{ community: CISCO_COMMUNITY, file: join(SNMPSIM_EXAMPLES, `${CISCO_COMMUNITY}.snmprec.gz`) }]);
    const simPort = await freeUdpPort();
    const started = await Promise.all([
      startSnmpd({
        ns: dual.ns,
        name: 'dual',
        dir,
        config: 'rocommunity public 198.18.0.0/15\nrocommunity6 public 2001:db8::/32\nsysName lab-dual\nsysLocation Panyu lab\n',
        endpoints: ['udp:198.19.64.2:161', 'udp6:[2001:db8:6401::2]:161'],
      }),
      startSnmpd({ ns: v6only.ns, name: 'v6only', dir, config: 'rocommunity6 public 2001:db8::/32\nsysName lab-v6only\n', endpoints: ['udp6:[2001:db8:6402::2]:161'] }),
      startSnmpd({
        ns: v3.ns,
        name: 'v3',
        dir,
        config: `createUser ${V3.user} SHA-256 ${V3.auth} AES ${V3.priv}\nrouser ${V3.user} priv\nsysName lab-v3\n`,
        endpoints: ['udp:198.19.64.6:161'],
      }),
      startSnmpsim({ dataDir: cisco, port: simPort, probeCommunity: CISCO_COMMUNITY }),
    ]);
    daemons.push(...started);
    junk = await startMisbehavingAgent('junk');
    loop = await startMisbehavingAgent('loop');
    agents.push(junk, loop);

    lab = await startLabYunet({
      polling: { timeout_ms: TIMEOUT_MS, retries: RETRIES, concurrency: 16, max_repetitions: 25 },
      credentials: {
        public: { version: '2c', community: 'public' },
        wrong: { version: '2c', community: 'not-the-community' },
        cisco: { version: '2c', community: CISCO_COMMUNITY },
        v3: { version: 3, username: V3.user, auth: { protocol: 'sha256', key: V3.auth }, priv: { protocol: 'aes', key: V3.priv } },
      },
      units: [{ name: '区政务服务数据管理局', town: '市桥街' }],
      devices: [
        { name: 'lab-dual-v4', address: '198.19.64.2', credential: 'public', unit: '区政务服务数据管理局' },
        { name: 'lab-dual-v6', address: '2001:db8:6401::2', credential: 'public' },
        { name: 'lab-v6only', address: '2001:db8:6402::2', credential: 'public' },
        { name: 'lab-v3', address: '198.19.64.6', credential: 'v3' },
        { name: 'lab-cisco', address: '127.0.0.1', port: simPort, credential: 'cisco' },
        { name: 'lab-wrong-community', address: '198.19.64.2', credential: 'wrong' },
        { name: 'lab-dead', address: DEAD, credential: 'public' },
        { name: 'lab-junk', address: '127.0.0.1', port: junk.port, credential: 'public' },
        { name: 'lab-loop', address: '127.0.0.1', port: loop.port, credential: 'public' },
      ],
    });

    const v3Target = (peer: string) => v3AuthPriv(peer, V3.user, 'SHA-256', V3.auth, 'AES', V3.priv);
    refs = [
      { device: 'lab-dual-v4', target: v2c('udp:198.19.64.2:161', 'public') },
      { device: 'lab-dual-v6', target: v2c('udp6:[2001:db8:6401::2]:161', 'public') },
      { device: 'lab-v6only', target: v2c('udp6:[2001:db8:6402::2]:161', 'public') },
      { device: 'lab-v3', target: v3Target('udp:198.19.64.6:161') },
      { device: 'lab-cisco', target: v2c(`127.0.0.1:${simPort}`, CISCO_COMMUNITY) },
    ];
    for (const r of refs) r.before = walkInterfaces(r.target);
    first = await lab.yunet.runCycle();
    for (const r of refs) r.after = walkInterfaces(r.target);
    text = await lab.metrics();
    exposition = parseExposition(text);
  }, 120_000);

  afterAll(async () => {
    await lab?.close();
    await Promise.all(agents.map((a) => a.close()));
    await Promise.all(daemons.map((d) => d.stop()));
    await cleanupLab(PREFIX);
    for (const d of [dir, cisco]) if (d) rmSync(d, { recursive: true, force: true });
  });

  labIt('shows every interface column exactly as snmpbulkwalk reads it from the same agent', () => {
    for (const r of refs) {
      expect(one(exposition, 'yunet_device_up', { device: r.device }).value, `${r.device} up`).toBe('1');
      const { problems, interfaces, compared } = compareInterfaces(exposition, r.device, r.before!, r.after!);
      expect(problems, r.device).toEqual([]);
      expect(interfaces, `${r.device} interfaces`).toBeGreaterThan(1);
      expect(compared, `${r.device} samples compared`).toBeGreaterThan(interfaces * 8);
    }
    // Every interface family yunet shows is one this test compares (a new column cannot slip by unchecked).
    const shown = new Set(exposition.samples.filter((x) => x.labels.device === 'lab-dual-v4' && /^if[A-Z]/.test(x.name)).map((x) => x.name));
    expect([...shown].filter((n) => !(n in EXPOSED_COLUMNS))).toEqual([]);
    expect(shown.size).toBe(Object.keys(EXPOSED_COLUMNS).length);
    // lo + eth0 + 3 veth pairs
    expect(refs[0].before!.size).toBeGreaterThan(0);
    expect(compareInterfaces(exposition, 'lab-dual-v4', refs[0].before!, refs[0].after!).interfaces).toBe(8);
    expect(compareInterfaces(exposition, 'lab-cisco', refs[4].before!, refs[4].after!).interfaces).toBe(59);
  });

  labIt('labels device series with the inventory name, unit and town; polls IPv6-only and v3 agents', () => {
    const s = one(exposition, 'ifOperStatus', { device: 'lab-dual-v4', ifDescr: 'eth0' });
    expect(s.labels.unit).toBe('区政务服务数据管理局');
    expect(s.labels.town).toBe('市桥街');
    for (const [device, sysName] of [['lab-v6only', 'lab-v6only'], ['lab-v3', 'lab-v3'], ['lab-dual-v6', 'lab-dual'], ['lab-cisco', 'Profiler3750']])
      expect(one(exposition, 'yunet_device_info', { device }).labels.sys_name, device).toBe(sysName);
    expect(one(exposition, 'yunet_device_info', { device: 'lab-cisco' }).labels.vendor).toBe('cisco');
    // sysUpTime of snmpsim is recorded, hence static: exact equality.
    const simUp = snmpGet(refs[4].target, ['1.3.6.1.2.1.1.3.0']).get('1.3.6.1.2.1.1.3.0')!;
    expect(one(exposition, 'sysUpTime', { device: 'lab-cisco' }).value).toBe(simUp.text);
  });

  labIt('marks the dead address and the wrong community down with timeout and auth errors', () => {
    expect(one(exposition, 'yunet_device_up', { device: 'lab-dead' }).value).toBe('0');
    expect(one(exposition, 'yunet_snmp_errors_total', { device: 'lab-dead', kind: 'timeout' }).value).toBe('1');
    expect(one(exposition, 'yunet_device_up', { device: 'lab-wrong-community' }).value).toBe('0');
    expect(one(exposition, 'yunet_snmp_errors_total', { device: 'lab-wrong-community', kind: 'auth' }).value).toBe('1');
    expect(exposition.samples.filter((s) => s.labels.device === 'lab-wrong-community' && s.name === 'yunet_snmp_errors_total').map((s) => s.labels.kind)).toEqual(['auth']);
    // No interface series survive for down devices, and the community never leaks into the exposition.
    expect(exposition.samples.filter((s) => s.labels.device === 'lab-dead' && s.name.startsWith('if'))).toEqual([]);
    expect(text).not.toContain('not-the-community');
    expect(text).not.toContain(V3.auth);
    expect(text).not.toContain(V3.priv);
  });

  labIt('survives agents that answer junk or loop, and keeps the cycle to about one timeout', async () => {
    expect(junk.received).toBeGreaterThan(0);
    expect(one(exposition, 'yunet_device_up', { device: 'lab-junk' }).value).toBe('0');
    expect(one(exposition, 'yunet_snmp_errors_total', { device: 'lab-junk', kind: 'protocol' }).value).toBe('1'); // it answers, but nothing decodable: not a dead device
    // The looping agent answers GET (alive) but its walks never advance: a recorded walk_loop error.
    expect(one(exposition, 'yunet_device_up', { device: 'lab-loop' }).value).toBe('1');
    expect(Number(one(exposition, 'yunet_snmp_errors_total', { device: 'lab-loop', kind: 'walk_loop' }).value)).toBeGreaterThanOrEqual(1);

    expect(first.ok).toBe(6);
    expect(first.failed).toBe(3);
    // Failing devices are polled side by side: the cycle lasts about one failed poll, not their sum.
    const failedPolls = ['lab-dead', 'lab-wrong-community', 'lab-junk'].map((d) => Number(one(exposition, 'yunet_device_poll_duration_seconds', { device: d, collector: 'total' }).value));
    const onePoll = (TIMEOUT_MS * (RETRIES + 1) + 250 + TIMEOUT_MS + 100) / 1000;
    for (const d of failedPolls) expect(d).toBeLessThanOrEqual(onePoll + 0.5);
    expect(first.durationSeconds).toBeLessThan(failedPolls.reduce((a, b) => a + b, 0));
    // Generous slack for a loaded CI machine; the sum of the failed polls is what must never show up.
    expect(first.durationSeconds).toBeLessThan(onePoll + 2);
    // Every live device finished in that same cycle.
    const cycleStart = Date.now() / 1000 - 120;
    for (const r of refs) expect(Number(one(exposition, 'yunet_device_last_poll_timestamp_seconds', { device: r.device }).value)).toBeGreaterThan(cycleStart);

    // A second cycle still runs normally: counters move forward, errors accumulate, nothing crashed. (After
    // snmpd's few-second interface cache has expired: a quicker second read gets the same counters.)
    await sleep(5000);
    const second = await lab.yunet.runCycle();
    expect(second.ok + second.failed + second.skipped).toBe(9);
    const again = parseExposition(await lab.metrics());
    expect(one(again, 'yunet_snmp_errors_total', { device: 'lab-dead', kind: 'timeout' }).value).toBe('2');
    expect(one(again, 'yunet_device_up', { device: 'lab-dual-v6' }).value).toBe('1');
    const eth0 = (p: ParsedExposition) => BigInt(one(p, 'ifHCInOctets', { device: 'lab-dual-v4', ifDescr: 'eth0' }).value);
    expect(eth0(again)).toBeGreaterThan(eth0(exposition));
  });
});
