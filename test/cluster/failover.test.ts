import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { cleanupLab, createRouter, sleep, startSnmpd, waitFor, type Snmpd } from '../lab/index';
import { startPrometheus, type Prometheus } from '../dashboards/prometheus';
import { startYunetProcess, type YunetProcess } from '../hostile/yunet-process';
import { itWith, missing } from '../support/requirements';
import { testDatabase } from '../support/database';

/**
 * Three yunet processes on one shared database poll one snmpd fleet of 300 devices in a network namespace.
 * Every device is owned by exactly one live node; kill -9 of a node hands its devices to the survivors within
 * cluster.node_timeout_s + one cycle; restarted, it takes its share back; a real Prometheus following
 * /api/sd/prometheus scrapes each device at its owner throughout.
 */
const needs = { root: true, commands: ['snmpd', 'prometheus'] };
const labIt = itWith(needs);
const PREFIX = 'yn-cls';
const AGENT = '198.19.236.2';
const PORTS = 100;
const DEVICES = 300;
const TIMEOUT_S = 6;
const CYCLE_S = 2;
const TOKEN = 'cluster-test-admin-token-0123456789';
const names = Array.from({ length: DEVICES }, (_, i) => `sw-${String(i).padStart(3, '0')}`);

interface SdGroup {
  targets: string[];
  labels: Record<string, string>;
}

describe.runIf(missing(needs) === null || process.env.YUNET_TEST_STRICT === '1')('three nodes on one database', () => {
  let dir = '';
  let snmpd: Snmpd;
  let prom: Prometheus;
  let balancer: http.Server;
  const nodes = new Map<string, YunetProcess>();
  let config: Record<string, unknown> = {};

  const start = async (name: string) => nodes.set(name, await startYunetProcess(config, { YUNET_NODE: name, YUNET_ADMIN_TOKEN: TOKEN }));
  const get = async <T>(node: string, p: string): Promise<T> => {
    const res = await fetch(`${nodes.get(node)!.url}${p}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    if (!res.ok) throw new Error(`${node} ${p}: ${res.status} ${await res.text()}`);
    return (await (p.startsWith('/metrics') ? res.text() : res.json())) as T;
  };
  /** device → unix seconds of its last poll, from one node's /metrics (only the devices it owns). */
  const lastPolls = async (node: string) => {
    const out = new Map<string, number>();
    for (const m of (await get<string>(node, '/metrics')).matchAll(/^yunet_device_last_poll_timestamp_seconds\{device="([^"]+)"[^}]*\} (\d+)/gm))
      if (Number(m[2]) > 0) out.set(m[1], Number(m[2]));
    return out;
  };
  /** Who each node's service discovery says owns each device. */
  const sdOwners = async (node: string) => new Map((await get<SdGroup[]>(node, '/api/sd/prometheus')).map((g) => [g.labels.device, g.labels.__meta_yunet_node]));
  /** The one node serving the district-wide figures; throws when none or several do. */
  const leaderOf = async (alive: string[]) => {
    const serving = [];
    for (const n of alive) if ((await get<string>(n, '/metrics')).includes('\n# HELP yunet_drill_active ')) serving.push(n);
    if (serving.length !== 1) throw new Error(`nodes serving yunet_drill_active: ${serving.join(', ') || 'none'}`);
    return serving[0];
  };
  const agree = async (alive: string[]) => {
    const views = await Promise.all(alive.map(sdOwners));
    const first = views[0];
    return first.size === DEVICES && [...first.values()].every((o) => alive.includes(o)) && views.every((v) => JSON.stringify([...v]) === JSON.stringify([...first]));
  };

  beforeAll(async () => {
    if (missing(needs)) return;
    await cleanupLab(PREFIX);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yn-cluster-'));
    const router = createRouter({ prefix: PREFIX, name: 'fleet', ipv4: { root: '198.19.236.1', ns: AGENT, prefixLength: 30 } });
    snmpd = await startSnmpd({
      ns: router.ns,
      name: 'fleet',
      dir,
      config: 'rocommunity public 198.19.236.0/30\nsysName cluster-fleet\nsysLocation cluster-lab\n',
      endpoints: Array.from({ length: PORTS }, (_, i) => `udp:${AGENT}:${21000 + i}`),
    });
    config = {
      database: await testDatabase(path.join(dir, 'shared.db')),
      polling: { schedule: `*/${CYCLE_S} * * * * *`, timeout_ms: 1000, retries: 0 },
      cluster: { node_timeout_s: TIMEOUT_S, heartbeat_s: 2 },
      credentials: { public: { version: '2c', community: 'public' } },
      devices: names.map((name, i) => ({ name, address: AGENT, port: 21000 + (i % PORTS), credential: 'public' })),
    };
    // One after the other: the first migrates the new database.
    for (const n of ['a', 'b', 'c']) await start(n);
  }, 120_000);

  afterAll(async () => {
    await prom?.stop();
    balancer?.close();
    for (const n of nodes.values()) await n.stop();
    await snmpd?.stop();
    await cleanupLab(PREFIX);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  labIt('shares the fleet, fails over within node_timeout + one cycle, and takes a restarted node’s share back', async () => {
    // Converged: every node sees three live nodes and the same owner for every device.
    await waitFor('three live nodes agreeing on every device', () => agree(['a', 'b', 'c']), 30_000, 500);
    const cluster = await get<{ nodes: { name: string; state: string; devices: number }[]; unowned_devices: string[] }>('a', '/api/cluster');
    expect(cluster.nodes.map((n) => [n.name, n.state])).toEqual([['a', 'alive'], ['b', 'alive'], ['c', 'alive']]);
    expect(cluster.unowned_devices).toEqual([]);
    const owners = await sdOwners('a');

    // Each node polls and exposes exactly its share.
    await waitFor('each node exposing exactly its share, polled', async () => {
      for (const n of ['a', 'b', 'c']) {
        const polled = [...(await lastPolls(n)).keys()].sort();
        if (JSON.stringify(polled) !== JSON.stringify(names.filter((d) => owners.get(d) === n))) return false;
      }
      return true;
    }, 30_000, 500);
    for (const n of ['a', 'b', 'c']) expect(names.filter((d) => owners.get(d) === n).length, n).toBeGreaterThan(60);
    // Readiness judges the whole fleet on every node: a device's level comes from its owner's evidence.
    type Readiness = { devices: { device: string; level: number | null }[] };
    await waitFor('every node judging all 300 devices from their owners’ evidence', async () => {
      const views = await Promise.all(['a', 'b', 'c'].map((n) => get<Readiness>(n, '/api/readiness')));
      return views.every((v) => v.devices.length === DEVICES && v.devices.every((d) => d.level !== null));
    }, 30_000, 500);
    const levels = await Promise.all(['a', 'b', 'c'].map(async (n) => JSON.stringify((await get<Readiness>(n, '/api/readiness')).devices.map((d) => [d.device, d.level]))));
    expect(new Set(levels).size).toBe(1);
    // So does the 信创 inventory: each device's identity (here its sysLocation) comes from its owner's system poll.
    type Xinchuang = { devices: { name: string; location: string | null }[] };
    await waitFor('every node classifying all 300 devices from their owners’ system polls', async () => {
      const views = await Promise.all(['a', 'b', 'c'].map((n) => get<Xinchuang>(n, '/api/xinchuang/devices')));
      return views.every((v) => v.devices.length === DEVICES && v.devices.every((d) => d.location === 'cluster-lab'));
    }, 30_000, 500);
    // Fleet-wide counts come from the lease holder alone: summed over a scrape of every node, each device once.
    let xinchuangTotal = 0;
    for (const n of ['a', 'b', 'c'])
      for (const m of (await get<string>(n, '/metrics')).matchAll(/^yunet_xinchuang_devices\{[^}]*\} (\d+)/gm)) xinchuangTotal += Number(m[1]);
    expect(xinchuangTotal).toBe(DEVICES);
    // So do the per-device readiness series (a device's level depends on the others' addresses): each device once.
    const levelSeries = async () => {
      const seen = new Map<string, number>();
      for (const n of ['a', 'b', 'c'])
        for (const m of (await get<string>(n, '/metrics')).matchAll(/^yunet_dualstack_level\{device="([^"]+)"/gm)) seen.set(m[1], (seen.get(m[1]) ?? 0) + 1);
      return seen;
    };
    await waitFor('every device’s readiness level exported by the cluster', async () => (await levelSeries()).size === DEVICES, 30_000, 500);
    expect(Math.max(...(await levelSeries()).values())).toBe(1);
    // The device list of every node shows every device as its owner last saw it; a device's page on another
    // node comes from its owner (interfaces, sysName from the owner's poll), for the same caller.
    for (const n of ['a', 'b', 'c']) {
      const list = await (await fetch(`${nodes.get(n)!.url}/devices`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
      expect(list.match(/<td class="up">/g)?.length, `devices shown up on ${n}`).toBe(DEVICES);
    }
    const ofB = names.find((d) => owners.get(d) === 'b')!;
    const page = await fetch(`${nodes.get('a')!.url}/devices/${ofB}`, { headers: { authorization: `Bearer ${TOKEN}`, 'accept-language': 'en' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('x-yunet-node')).toBe('b');
    const html = await page.text();
    expect(html).toContain('<dd>cluster-fleet</dd>');
    expect(html).toContain('<dd>cluster-lab</dd>');
    expect((await fetch(`${nodes.get('a')!.url}/devices/${ofB}`, { redirect: 'manual' })).status).toBe(302); // no caller: to the sign-in page, nothing forwarded
    // A device is refused at a node that does not own it.
    const notA = names.find((d) => owners.get(d) !== 'a')!;
    expect((await fetch(`${nodes.get('a')!.url}/metrics/devices/${notA}`)).status).toBe(404);

    // A real Prometheus follows the discovery through the load balancer in front of the nodes (here: the first
    // node that answers), as the shipped scrape config does: Prometheus keeps a failing discovery URL's last
    // targets, so a URL of one node would pin a dead node's devices to it.
    balancer = http.createServer(async (req, res) => {
      for (const n of nodes.values()) {
        const answer = await fetch(`${n.url}${req.url}`).catch(() => null);
        if (answer?.ok) return res.writeHead(200, { 'content-type': 'application/json' }).end(await answer.text());
      }
      res.writeHead(502).end();
    });
    await new Promise<void>((r) => balancer.listen(0, '127.0.0.1', () => r()));
    prom = await startPrometheus({
      scrapeConfigs: [{
        job_name: 'yunet-devices',
        honor_labels: true,
        http_sd_configs: [{ url: `http://127.0.0.1:${(balancer.address() as AddressInfo).port}/api/sd/prometheus`, refresh_interval: '1s' }],
      }],
    });
    const t0 = Date.now() / 1000;
    await waitFor('Prometheus scraping all 300 devices', async () => (await prom.query('count(up{job="yunet-devices"} == 1)'))[0]?.value?.[1] === String(DEVICES), 30_000, 500);

    // Exactly one node (the singleton lease holder) serves the district-wide figures; it is the one killed.
    const victim = await leaderOf(['a', 'b', 'c']);
    const survivors = ['a', 'b', 'c'].filter((n) => n !== victim);

    // kill -9 the leader: its devices are polled by the others within node_timeout + one cycle of their last poll.
    const cShare = names.filter((d) => owners.get(d) === victim);
    const beforeKill = await lastPolls(victim);
    nodes.get(victim)!.proc.kill('SIGKILL');
    const killedAt = Date.now() / 1000;
    // Checked every 500 ms: the first time every device of c shows a poll after the kill is when they were re-polled.
    let after = new Map<string, number>();
    await waitFor(`${victim}'s devices polled again by the others`, async () => {
      after = new Map([...(await lastPolls(survivors[0])), ...(await lastPolls(survivors[1]))]);
      return cShare.every((d) => (after.get(d) ?? 0) > killedAt);
    }, 60_000, 500);
    // The victim's last heartbeat was at most heartbeat_s before the kill, so the survivors see it dead within
    // node_timeout of the kill and poll its devices in their next cycle. Slack: that cycle's own run time on a busy
    // machine and the whole-second timestamps. A device's gap between polls also holds its regular interval (its
    // last poll before the kill was up to one cycle earlier).
    const SLACK_S = 3;
    const repolled = Math.max(...cShare.map((d) => after.get(d)!)) - killedAt;
    const worst = Math.max(...cShare.map((d) => after.get(d)! - (beforeKill.get(d) ?? killedAt)));
    console.log(`failover: ${victim}'s ${cShare.length} devices re-polled by ${survivors.join(' and ')} ${repolled.toFixed(1)} s after the kill, largest gap between polls ${worst} s (node_timeout ${TIMEOUT_S} s, cycle every ${CYCLE_S} s)`);
    expect(repolled, `last of ${victim}'s devices re-polled ${repolled.toFixed(1)} s after the kill`).toBeLessThanOrEqual(TIMEOUT_S + CYCLE_S + SLACK_S);
    expect(worst, `largest gap between polls of ${victim}'s devices: ${worst} s`).toBeLessThanOrEqual(CYCLE_S + TIMEOUT_S + CYCLE_S + SLACK_S);
    expect(names.every((d) => after.has(d))).toBe(true);
    await waitFor('the survivors agreeing', () => agree(survivors), 20_000, 500);
    expect((await get<{ nodes: { name: string; state: string }[] }>(survivors[0], '/api/cluster')).nodes.find((n) => n.name === victim)!.state).toBe('dead');
    // A survivor took the lease once it expired.
    await waitFor('a new leader', async () => survivors.includes(await leaderOf(survivors)), 20_000, 500);

    // The victim restarts under its name and takes exactly its old share back (not the lease: its holder keeps it).
    const newLeader = await leaderOf(survivors);
    await start(victim);
    await waitFor(`${victim} back with its share`, async () => (await agree(['a', 'b', 'c'])) && JSON.stringify([...(await sdOwners(survivors[0]))]) === JSON.stringify([...owners]), 30_000, 500);
    await waitFor(`${victim} polling its share again`, async () => (await lastPolls(victim)).size === cShare.length, 30_000, 500);
    expect(await leaderOf(['a', 'b', 'c'])).toBe(newLeader);

    // Prometheus saw every device from exactly one target at each scrape, before, during and after.
    await sleep(3000);
    const now = Date.now() / 1000;
    const perDevice = await prom.queryRange('count by (device) (up{job="yunet-devices"})', Math.ceil(t0) + 2, Math.floor(now), 1);
    const doubled = perDevice.map((s) => ({ device: s.metric.device, steps: s.values!.filter(([, v]) => Number(v) > 1).length }));
    const longest = Math.max(0, ...doubled.map((d) => d.steps));
    expect(perDevice.length).toBe(DEVICES);
    console.log(`Prometheus: ${doubled.filter((d) => d.steps > 0).length} devices ever had two targets, for at most ${longest} one-second steps`);
    // Only while the nodes' views differ (at most one heartbeat plus one discovery refresh) may a device have two targets.
    expect(longest, JSON.stringify(doubled.filter((d) => d.steps > 0).slice(0, 5))).toBeLessThanOrEqual(4);
    await waitFor('Prometheus scraping all 300 devices again', async () => (await prom.query('count(up{job="yunet-devices"} == 1)'))[0]?.value?.[1] === String(DEVICES), 20_000, 500).catch(async (e) => {
      const t = await prom.get<{ activeTargets: { scrapeUrl: string; health: string; lastError: string }[] }>('/api/v1/targets');
      throw new Error(`${(e as Error).message}: ${JSON.stringify(t.activeTargets.filter((x) => x.health !== 'up').slice(0, 3))}`);
    });
  }, 240_000);
});
