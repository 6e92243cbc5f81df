import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { launchChromium } from '../support/chromium';
import { eq } from 'drizzle-orm';
import { cleanupLab, run, startPrometheus, waitFor, type Prometheus } from '../lab';
import { itWith, missing } from '../support/requirements';
import { accessibilityProblems } from '../support/axe';
import { discoveryCandidates } from '../../db/schema/discovery';
import { configSchema } from '../../src/config/schema';
import { createToken } from '../../src/auth/tokens';
import { approveCandidate } from '../../src/discovery/candidates';
import { silentLogger } from '../../src/log';
import { createYunet, type Yunet } from '../../src/yunet';
import { address as labAddress, ifFacing, NODES, startTopologyLab, sysName, WIRING, type Node, type TopologyLab } from './lab';
import { testDatabase } from '../support/database';

/**
 * The /topology page over the lldpd lab (ring r1–r2–r3, star r1–s1, r1–s2). The inventory names devices the
 * operator's way (not their sysNames) and leaves s2 out: s2 must show as an unknown neighbour, become a discovery
 * candidate that answered the lab credential, and join the graph as a device once approved.
 */
const PREFIX = 'yn-tpg';
const NET = 241;
const address = (i: number) => labAddress(i, NET);
const needs = { root: true, commands: ['ip', 'snmpd', 'lldpd', 'chromium', 'prometheus'] };
const it = itWith(needs);
const INVENTORY: Node[] = ['r1', 'r2', 'r3', 's1'];
const deviceName = (n: Node) => `py-${n}`;
const unitOf = (n: Node) => (n.startsWith('r') ? '区政务数据局' : '南村镇人民政府');
const artifacts = path.join(process.cwd(), 'test', 'artifacts');
let dir: string;
let lab: TopologyLab | undefined;
let yunet: Yunet;
let admin: string;
let prometheus: Prometheus | undefined;

/** The lab's wiring with inventory names (s2 by its sysName until it is a device). */
const wired = (known: (n: Node) => boolean) =>
  WIRING.map(([a, b]) => [`${known(a) ? deviceName(a) : sysName(a)} ${ifFacing(b)}`, `${known(b) ? deviceName(b) : sysName(b)} ${ifFacing(a)}`].sort().join(' ↔ ')).sort();

beforeAll(async () => {
  if (missing(needs)) return;
  await cleanupLab(PREFIX);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-topo-page-'));
  lab = await startTopologyLab(dir, PREFIX, NET);
  const config = configSchema.parse({
    database: await testDatabase(path.join(dir, 'y.db')),
    http: { port: 0, host: '127.0.0.1' },
    traps: { enabled: false },
    polling: { timeout_ms: 1000, retries: 1 },
    credentials: { lab: { version: '2c', community: 'public' } },
    units: [
      { name: '区政务数据局', town: '市桥街' },
      { name: '南村镇人民政府', town: '南村镇' },
    ],
    devices: INVENTORY.map((n) => ({ name: deviceName(n), address: address(NODES.indexOf(n)).ns, credential: 'lab', unit: unitOf(n) })),
    discovery: { enabled: true, ranges: [`198.19.${NET}.0/24`], credentials: ['lab'], rate_per_second: 50 },
  });
  yunet = await createYunet({ config, schedule: false, pollAtStart: false, log: silentLogger, env: {} });
  admin = await createToken(yunet.ctx.db, 'admin-1', 'admin');
  await yunet.listen();
  // A real Prometheus scraping yunet and evaluating the topology rules every second.
  prometheus = await startPrometheus({ targets: [{ job: 'yunet', target: `127.0.0.1:${yunet.port}` }], scrapeIntervalSeconds: 1, ruleFiles: [path.resolve('alerts/topology.rules.yml')] });
  fs.mkdirSync(artifacts, { recursive: true });
}, 90_000);

afterAll(async () => {
  await prometheus?.stop();
  await yunet?.close();
  for (const d of [...(lab?.daemons ?? [])].reverse()) await d.stop().catch(() => undefined);
  if (lab) await cleanupLab(PREFIX);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}, 30_000);

describe('the topology page on real lldpd agents', () => {
  it('draws the lab exactly, proposes the unknown neighbour to discovery, turns a downed link red, exports SVG and PNG', async () => {
    const topology = yunet.services.topology;
    const linksNow = () => topology.view().links.map((l) => [`${l.a.node} ${l.a.ifName}`, `${l.b.node} ${l.b.ifName}`].sort().join(' ↔ ')).sort();
    // lldpd sends every second; poll until every node has heard all its neighbours and every snmpd reports its
    // veths up (snmpd caches interface state, so a fresh lab can read down for a few seconds).
    const want = wired((n) => INVENTORY.includes(n));
    await waitFor('the lab wiring in yunet\'s topology, all up', async () => {
      await yunet.runCycle();
      return (JSON.stringify(linksNow()) === JSON.stringify(want) && topology.view().links.every((l) => l.state === 'up')) || null;
    }, 60_000, 1000);
    await yunet.runCycle(); // a second poll of the same wiring: utilisation from two polls
    expect(linksNow()).toEqual(want);
    expect(topology.view().nodes.map((n) => `${n.id} ${n.kind}`)).toEqual([...INVENTORY.map((n) => `${deviceName(n)} device`), `${sysName('s2')} unknown`].sort());

    // s2 was handed to discovery and asked with the discovery credentials: it answered "lab".
    const candidate = await waitFor('s2 asked with the discovery credentials', async () => {
      const [row] = await yunet.ctx.db.select().from(discoveryCandidates).where(eq(discoveryCandidates.address, address(NODES.indexOf('s2')).ns)).limit(1);
      return row?.credential ? row : null;
    }, 10_000);
    expect(candidate).toMatchObject({ source: 'lldp', sysName: sysName('s2'), credential: 'lab', status: 'new' });

    const base = `http://127.0.0.1:${yunet.port}`;
    const unknownSeries = async () => (await (await fetch(`${base}/metrics`)).text()).split('\n').filter((l) => l.startsWith('yunet_topology_unknown_neighbour{'));
    await expect(unknownSeries()).resolves.toEqual([`yunet_topology_unknown_neighbour{unit="区政务数据局",device="py-r1",ifName="to-s2",neighbour="${sysName('s2')}",neighbour_ifName="to-r1"} 1`]);
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ acceptDownloads: true });
      const page = await context.newPage();
      await page.goto(`${base}/field/signin?next=/topology`);
      await page.locator('input[name=token]').fill(admin);
      await page.getByRole('button', { name: '登录' }).click();
      await page.waitForURL(`${base}/topology`);

      const svg = page.locator('svg#topology');
      await expect(svg.locator('.node').count()).resolves.toBe(NODES.length);
      await expect(svg.locator('.node.unknown').getAttribute('data-node')).resolves.toBe(sysName('s2'));
      await expect(svg.locator('path.link').count()).resolves.toBe(WIRING.length);
      await expect(svg.locator('.grp text').allTextContents()).resolves.toEqual(expect.arrayContaining(['区政务数据局', '南村镇人民政府']));
      // Every link is up and nearly idle on 10 Gb/s veths: the lowest utilisation band.
      for (const state of await svg.locator("path.link").evaluateAll((ps) => ps.map((p) => `${p.querySelector("title")!.textContent} ${p.getAttribute("data-state")} ${p.getAttribute("stroke")}`))) expect(state).toMatch(/ up #2e7d32$/);
      const rows = await page.locator('table#links tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 4).map((td) => td.textContent)));
      expect(rows.map(([a, ai, b, bi]) => [`${a} ${ai}`, `${b} ${bi}`].sort().join(' ↔ ')).sort()).toEqual(want);
      expect(await accessibilityProblems(page)).toEqual([]);
      await page.screenshot({ path: path.join(artifacts, 'topology.png'), fullPage: true });

      // A click on a device opens its page.
      await svg.locator(`a[data-node="${deviceName('r2')}"]`).click();
      await page.waitForURL(`${base}/devices/${deviceName('r2')}`);

      // Exports: the SVG download is the same graph; the PNG is drawn by the browser.
      await page.goto(`${base}/topology`);
      const svgDownload = page.waitForEvent('download');
      await page.getByRole('link', { name: '下载 SVG' }).click();
      const exported = fs.readFileSync((await (await svgDownload).path())!, 'utf8');
      expect(exported.startsWith('<?xml')).toBe(true);
      expect(exported.match(/<path class="link"/g)?.length).toBe(WIRING.length);
      const pngDownload = page.waitForEvent('download');
      await page.getByRole('button', { name: '下载 PNG' }).click();
      const png = fs.readFileSync((await (await pngDownload).path())!);
      expect(png.subarray(1, 4).toString()).toBe('PNG');

      // Take r2–r3 down in the lab: within two cycles the link is red (down while LLDP still reports it, lost after).
      const [a, b] = WIRING[1];
      run('ip', ['-n', lab!.routers.get(a)!.ns, 'link', 'set', ifFacing(b), 'down']);
      const downed = [`${deviceName(a)} ${ifFacing(b)}`, `${deviceName(b)} ${ifFacing(a)}`].sort().join(' ↔ ');
      for (let cycle = 0; cycle < 2; cycle++) {
        await new Promise((r) => setTimeout(r, 5000)); // snmpd caches ifTable for a few seconds
        await yunet.runCycle();
      }
      await page.goto(`${base}/topology`);
      const states = await svg.locator('path.link').evaluateAll((ps) => ps.map((p) => [p.querySelector('title')!.textContent!.split(' · ')[0], p.getAttribute('data-state'), p.getAttribute('stroke')]));
      expect(states).toHaveLength(WIRING.length);
      for (const [text, state, stroke] of states) {
        const ends = text.split(' ↔ ').sort().join(' ↔ ');
        if (ends === downed) {
          expect(['down', 'lost']).toContain(state);
          expect(stroke).toBe('#c62828');
        } else expect(`${ends} ${state}`).toBe(`${ends} up`);
      }
      await page.screenshot({ path: path.join(artifacts, 'topology-link-down.png'), fullPage: true });
      // …and Prometheus fires YunetLinkDown for it (one scrape and one evaluation later), for no other link.
      const firing = await waitFor('YunetLinkDown firing', async () => {
        const alerts = await prometheus!.query('ALERTS{alertname="YunetLinkDown",alertstate="firing"}');
        return alerts.length ? alerts : null;
      }, 15_000, 500);
      expect(firing.map((s) => [s.metric.device, s.metric.ifName, s.metric.neighbour, s.metric.neighbour_ifName].join(' '))).toEqual([`${deviceName(a)} ${ifFacing(b)} ${deviceName(b)} ${ifFacing(a)}`]);

      // Approving the candidate puts s2 into the inventory: the next cycle draws it as a device.
      await approveCandidate(yunet.ctx.db, candidate!.id, { name: deviceName('s2') });
      await yunet.runCycle();
      await page.goto(`${base}/topology?group=town`);
      await expect(svg.locator('.node.unknown').count()).resolves.toBe(0);
      await expect(unknownSeries()).resolves.toEqual([]);
      await expect(svg.locator(`a[data-node="${deviceName('s2')}"]`).count()).resolves.toBe(1);
      await expect(svg.locator('.grp text').allTextContents()).resolves.toEqual(expect.arrayContaining(['市桥街', '南村镇']));
    } finally {
      await browser.close();
    }
  }, 180_000);
});
