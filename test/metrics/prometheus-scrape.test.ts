import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { itWith, missing } from '../support/requirements';
import {
  freeUdpPort,
  HUGE,
  hugeCounterRecording,
  one,
  parseExposition,
  SNMPSIM_EXAMPLES,
  snmpsimDataDir,
  startLabYunet,
  startPrometheus,
  startSnmpsim,
  waitFor,
  type LabYunet,
  type ParsedExposition,
  type Prometheus,
  type Snmpsim,
} from '../lab/index';

/**
 * A real Prometheus scrapes yunet, which polls snmpsim replaying a recorded Cisco 3750 stack and a
 * recording with 64-bit counters near 2^64. What Prometheus stores must be what yunet exposed
 * (as float64), and promtool's linter must accept the exposition.
 */
const needs = { commands: ['snmpsimd', 'snmpget', 'prometheus', 'promtool'] };
const labIt = itWith(needs);

/** Families yunet keeps under snmp_exporter's MIB names: promtool may only flag their naming. */
const MIB_NAMING_COMPLAINTS = [/should be written in 'snake_case' not 'camelCase'/, /counter metrics should have "_total" suffix/];

describe.runIf(missing(needs) === null || process.env.YUNET_TEST_STRICT === '1')('Prometheus scraping yunet', () => {
  let sim: Snmpsim;
  let data = '';
  let lab: LabYunet;
  let prom: Prometheus;
  let text = '';
  let exposition: ParsedExposition;

  beforeAll(async () => {
    if (missing(needs)) return;
    data = snmpsimDataDir([{ community: 'cisco_16_switch', file: join(SNMPSIM_EXAMPLES, 'cisco_16_switch.snmprec.gz') }], { 'huge-counters': hugeCounterRecording() });
    sim = await startSnmpsim({ dataDir: data, port: await freeUdpPort(), probeCommunity: 'huge-counters' });
    const silent = await freeUdpPort();
    lab = await startLabYunet(
      {
        polling: { timeout_ms: 300, retries: 0 },
        credentials: { cisco: { version: '2c', community: 'cisco_16_switch' }, huge: { version: '2c', community: 'huge-counters' } },
        devices: [
          { name: 'sim-cisco', address: '127.0.0.1', port: sim.port, credential: 'cisco' },
          { name: 'sim-huge', address: '127.0.0.1', port: sim.port, credential: 'huge' },
          { name: 'sim-silent', address: '127.0.0.1', port: silent, credential: 'huge' },
        ],
      },
      { listen: true },
    );
    await lab.yunet.runCycle();
    text = await lab.metrics();
    // snmpsim (Python) can miss the 300 ms timeout on its very first answers on a busy machine: poll again then.
    for (let i = 0; i < 3 && !/^ifHCInOctets\{[^}]*device="sim-huge"/m.test(text); i++) {
      await lab.yunet.runCycle();
      text = await lab.metrics();
    }
    exposition = parseExposition(text);
    prom = await startPrometheus({ targets: [{ job: 'yunet', target: `127.0.0.1:${lab.yunet.port}` }] });
    // Prometheus hands new targets to the scraper after its ~5 s discovery debounce.
    await waitFor('a successful scrape of yunet', async () => {
      if ((await prom.query('ifHCInOctets{device="sim-huge"}')).length > 0) return true;
      const t = await prom.targets();
      if (t.some((x) => x.health === 'down')) throw new Error(JSON.stringify(t));
      return false;
    }, 80_000, 250).catch(async (e: Error) => {
      // Say what Prometheus saw: a busy CI machine can delay its first scrape.
      throw new Error(`${e.message}; targets: ${JSON.stringify(await prom.targets())}; devices: ${JSON.stringify((await prom.query('count by (device) ({device!=""})')).map((s) => s.metric.device))}; exposed: ${(text.match(/^ifHCInOctets\{[^}]*device="sim-huge"/m) ?? ['none'])[0]}`);
    });
  }, 150_000);

  afterAll(async () => {
    await prom?.stop();
    await lab?.close();
    await sim?.stop();
    if (data) rmSync(data, { recursive: true, force: true });
  });

  labIt('exposes 64-bit counters digit for digit and Prometheus stores their float64', async () => {
    const exact = [
      ['ifHCInOctets', '1', HUGE.inOctets],
      ['ifHCOutOctets', '1', HUGE.outOctets],
      ['ifHCInUcastPkts', '1', HUGE.inUcast],
      ['ifHCInUcastPkts', '2', 2n ** 63n],
    ] as const;
    for (const [metric, ifIndex, value] of exact) {
      expect(one(exposition, metric, { device: 'sim-huge', ifIndex }).value).toBe(value.toString());
      const [stored] = await prom.query(`${metric}{device="sim-huge",ifIndex="${ifIndex}"}`);
      expect(Number(stored.value[1]), `${metric} ${ifIndex}`).toBe(Number(value));
    }
    // The UTF-8 alias survives SNMP, the exposition and Prometheus' label storage.
    const [uplink] = await prom.query('ifOperStatus{device="sim-huge",ifIndex="1"}');
    expect(uplink.metric.ifAlias).toBe('uplink to 区政务云');
  });

  labIt('stores every device series exactly as yunet exposed it', async () => {
    for (const device of ['sim-cisco', 'sim-huge', 'sim-silent']) {
      const mine = exposition.samples.filter((s) => s.labels.device === device);
      const stored = await prom.query(`{device="${device}"}`);
      expect(stored.length, device).toBe(mine.length);
      // Prometheus drops empty label values (ifAlias="") and adds job/instance.
      const key = (labels: Record<string, string>) => JSON.stringify(Object.entries(labels).filter(([k, v]) => v !== '' && k !== 'job' && k !== 'instance').sort());
      const byKey = new Map(stored.map((s) => [key(s.metric), s]));
      const wrong: string[] = [];
      for (const s of mine) {
        const p = byKey.get(key({ ...s.labels, __name__: s.name }));
        if (!p) wrong.push(`${s.name}${JSON.stringify(s.labels)} missing in Prometheus`);
        else if (Number(p.value[1]) !== Number(s.value)) wrong.push(`${s.name}${JSON.stringify(s.labels)}: yunet ${s.value}, Prometheus ${p.value[1]}`);
      }
      expect(wrong, device).toEqual([]);
    }
    expect(Number(one(exposition, 'yunet_device_up', { device: 'sim-silent' }).value)).toBe(0);
    expect(exposition.samples.filter((s) => s.labels.device === 'sim-cisco' && s.name === 'ifHCInOctets')).toHaveLength(55);
    expect((await prom.query('yunet_device_up == 1')).map((s) => s.metric.device).sort()).toEqual(['sim-cisco', 'sim-huge']);
  });

  labIt('passes promtool check metrics: nothing for yunet_* series, only naming notes for MIB names', () => {
    const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    const complaints = `${r.stdout}${r.stderr}`.split('\n').filter((l) => l.trim());
    // The link and topology families carry the interface MIB's ifName (and neighbour_ifName) so they join the
    // interface series.
    const joinsIfName = (line: string) => /^yunet_(link_(info|up)|topology_(link_up|unknown_neighbour)) label names should be written in 'snake_case'/.test(line);
    const unexpected = complaints.filter((line) => {
      const name = line.split(/[\s:]/)[0];
      if (name.startsWith('yunet_')) return !joinsIfName(line);
      return !MIB_NAMING_COMPLAINTS.some((re) => re.test(line));
    });
    expect(unexpected).toEqual([]);
    // The exception is used: camelCase MIB names are present and flagged, and nothing else.
    expect(complaints.some((l) => l.startsWith('ifHCInOctets '))).toBe(true);
    expect(complaints.some((l) => l.startsWith('yunet_') && !joinsIfName(l))).toBe(false);

    // Histogram and summary samples (_bucket, _sum, _count) belong to the family named in TYPE.
    const familyOf = (name: string) => {
      const base = name.replace(/_(bucket|sum|count)$/, '');
      return base !== name && ['histogram', 'summary'].includes(exposition.type.get(base) ?? '') ? base : name;
    };
    const families = new Set(exposition.samples.map((s) => familyOf(s.name)));
    for (const f of families) {
      expect(exposition.help.has(f), `HELP for ${f}`).toBe(true);
      expect(exposition.type.has(f), `TYPE for ${f}`).toBe(true);
    }
  });
});
