import { afterAll, beforeAll, describe, expect } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanupLab, run, sleep, waitFor } from '../lab';
import { itWith, missing } from '../support/requirements';
import { SnmpClient } from '../../src/snmp/client';
import { collect } from '../../src/poll/poll-device';
import { interfaces } from '../../collectors/interfaces';
import { neighbours } from '../../collectors/neighbours';
import type { DeviceFacts, PollEvidence, Sample } from '../../collectors/types';
import type { PollResult } from '../../src/poll/result';
import { Topology } from '../../src/topology/service';
import { SharedEvidence } from '../../src/readiness/shared';
import { credentials, devices } from '../../db/schema/inventory';
import { sharedDatabaseFile } from '../support/shared-db';
import { address, ifFacing, NODES, PREFIX, startTopologyLab, sysName, WIRING, type Node, type TopologyLab } from './lab';

const needs = { root: true, commands: ['ip', 'snmpd', 'lldpd'] };
const facts: DeviceFacts = { vendor: 'linux', sysObjectID: null, snmpVersion: '2c' };
let lab: TopologyLab | undefined;
const clients: SnmpClient[] = [];
const LAB_CYCLE_MS = 10_000;

/** Polls one lab node with yunet's own client and collectors (interfaces first: neighbours builds on it). */
async function pollNode(n: Node): Promise<Sample[]> {
  return (await pollNodeFully(n)).samples;
}

async function pollNodeFully(n: Node): Promise<{ samples: Sample[]; evidence: PollEvidence }> {
  const client = new SnmpClient({ address: address(NODES.indexOf(n)).ns, port: 161, credential: { version: '2c', community: 'public' } }, { timeoutMs: 2000, retries: 1, maxRepetitions: 25 });
  clients.push(client);
  const ifs = interfaces.parse(await collect(client, interfaces, facts), facts);
  const nb = neighbours.parse(await collect(client, neighbours, facts), facts, ifs.evidence);
  return { samples: nb.samples, evidence: { ...ifs.evidence, ...nb.evidence } };
}

/** Every link the lab wires, once per side, as "device ifName -> neighbour neighbour_ifName". */
const expectedSides = (): string[] =>
  WIRING.flatMap(([a, b]) => [`${sysName(a)} ${ifFacing(b)} -> ${sysName(b)} ${ifFacing(a)}`, `${sysName(b)} ${ifFacing(a)} -> ${sysName(a)} ${ifFacing(b)}`]).sort();

async function observedSides(): Promise<{ sides: string[]; up: Map<string, number> }> {
  const sides: string[] = [];
  const up = new Map<string, number>();
  for (const n of NODES) {
    const polled = await pollNode(n);
    for (const s of polled) {
      const side = `${sysName(n)} ${s.labels.ifName} -> ${s.labels.neighbour} ${s.labels.neighbour_ifName}`;
      if (s.name === 'yunet_link_info') sides.push(side);
      if (s.name === 'yunet_link_up') up.set(side, Number(s.value));
    }
  }
  return { sides: sides.sort(), up };
}

describe('topology on real lldpd agents', () => {
  const connect = sharedDatabaseFile('yn-topology-shared-');
  beforeAll(async () => {
    if (missing(needs)) return;
    await cleanupLab(PREFIX);
    lab = await startTopologyLab(mkdtempSync(join(tmpdir(), 'yunet-topo-')));
  }, 60_000);
  afterAll(async () => {
    for (const c of clients) c.close();
    for (const d of [...(lab?.daemons ?? [])].reverse()) await d.stop().catch(() => undefined);
    await cleanupLab(PREFIX);
  }, 30_000);

  itWith(needs)('finds every link of the ring and the star, both ends with their interface names', async () => {
    const want = expectedSides();
    const got = await waitFor('every lldpd to see its neighbours', async () => {
      const o = await observedSides();
      return o.sides.length === want.length ? o : null;
    }, 30_000, 1000).catch(async () => observedSides());
    expect(got.sides).toEqual(want);
    for (const side of want) expect(got.up.get(side), side).toBe(1);
  }, 60_000);

  itWith(needs)('the topology service joins both sides into one link per wire, all up, no unknown nodes', async () => {
    const topology = new Topology();
    for (const [i, n] of NODES.entries()) {
      const { evidence } = await pollNodeFully(n);
      // The inventory names the lab devices by their sysName, as an operator would.
      const device = { name: sysName(n), address: address(i).ns, unit: null } as unknown as PollResult['device'];
      topology.observe({ device, at: new Date(), up: true, facts, errors: [], samples: new Map(), evidence });
    }
    const view = topology.view();
    expect(view.nodes.map((x) => `${x.id} ${x.kind}`)).toEqual(NODES.map((n) => `${sysName(n)} device`).sort());
    const wires = (ends: [string, string, string, string][]) => ends.map((e) => e.join(' ')).sort();
    expect(wires(view.links.map((l) => [l.a.node, l.a.ifName, l.b.node, l.b.ifName]))).toEqual(
      wires(WIRING.map(([a, b]) => (sysName(a) < sysName(b) ? [sysName(a), ifFacing(b), sysName(b), ifFacing(a)] : [sysName(b), ifFacing(a), sysName(a), ifFacing(b)]))),
    );
    expect(view.links.every((l) => l.state === 'up')).toBe(true);
  }, 60_000);

  itWith(needs)('joins links between devices two nodes poll, through what each shares in the database', async () => {
    // Node a polls every other lab device, node b the rest; each shares its devices as a cluster node does.
    const [da, dbb] = [await connect(), await connect()];
    await da.db.insert(credentials).values({ name: 'c', version: '2c', secret: '{}' });
    for (const n of NODES) await da.db.insert(devices).values({ name: sysName(n), address: address(NODES.indexOf(n)).ns, credential: 'c' });
    const shared = { a: new SharedEvidence(da.db, 'a'), b: new SharedEvidence(dbb.db, 'b') };
    const topology = { a: new Topology(Date.now, () => shared.a.topology()), b: new Topology(Date.now, () => shared.b.topology()) };
    for (const [i, n] of NODES.entries()) {
      const { evidence } = await pollNodeFully(n);
      const device = { name: sysName(n), address: address(i).ns, unit: null } as unknown as PollResult['device'];
      topology[i % 2 === 0 ? 'a' : 'b'].observe({ device, at: new Date(), up: true, facts, errors: [], samples: new Map(), evidence });
    }
    for (const node of ['a', 'b'] as const) {
      const mine = NODES.filter((_, i) => (i % 2 === 0) === (node === 'a')).map(sysName);
      await shared[node].publish(mine.map((name) => [name, { up: true, evidence: null, at: null, note: null, traffic: null, system: null, poll: null, topology: topology[node].shared(name) }]));
    }
    await Promise.all([shared.a.refresh(), shared.b.refresh()]);
    const wires = (ends: string[][]) => ends.map((e) => e.join(' ')).sort();
    const want = wires(WIRING.map(([a, b]) => (sysName(a) < sysName(b) ? [sysName(a), ifFacing(b), sysName(b), ifFacing(a)] : [sysName(b), ifFacing(a), sysName(a), ifFacing(b)])));
    for (const node of ['a', 'b'] as const) {
      const view = topology[node].view();
      expect(view.unknown, node).toEqual([]);
      expect(view.nodes.map((x) => `${x.id} ${x.kind}`), node).toEqual(NODES.map((n) => `${sysName(n)} device`).sort());
      expect(wires(view.links.map((l) => [l.a.node, l.a.ifName, l.b.node, l.b.ifName])), node).toEqual(want);
      expect(view.links.every((l) => l.state === 'up'), node).toBe(true);
    }
  }, 60_000);

  itWith(needs)('matches neighbours by chassis id when neither the inventory names nor the polled addresses say who they are', async () => {
    const topology = new Topology();
    for (const n of NODES) {
      const { evidence } = await pollNodeFully(n);
      expect(evidence.localChassisId, `${n} lldpLocChassisId`).toBeTruthy();
      // Operator names and addresses that appear nowhere in LLDP (as when polled through a NAT or a loopback).
      const device = { name: `py-${n}`, address: `198.18.250.${NODES.indexOf(n) + 1}`, unit: null } as unknown as PollResult['device'];
      topology.observe({ device, at: new Date(), up: true, facts, errors: [], samples: new Map(), evidence });
    }
    const view = topology.view();
    expect(view.unknown).toEqual([]);
    const wires = (ends: string[][]) => ends.map((e) => e.join(' ')).sort();
    expect(wires(view.links.map((l) => [l.a.node, l.a.ifName, l.b.node, l.b.ifName]))).toEqual(
      wires(WIRING.map(([a, b]) => (a < b ? [`py-${a}`, ifFacing(b), `py-${b}`, ifFacing(a)] : [`py-${b}`, ifFacing(a), `py-${a}`, ifFacing(b)]))),
    );
  }, 60_000);

  itWith(needs)('a link taken down reads down on both sides within two lab cycles', async () => {
    const [a, b] = WIRING[1];
    run('ip', ['-n', lab!.routers.get(a)!.ns, 'link', 'set', ifFacing(b), 'down']);
    const ab = `${sysName(a)} ${ifFacing(b)} -> ${sysName(b)} ${ifFacing(a)}`;
    const ba = `${sysName(b)} ${ifFacing(a)} -> ${sysName(a)} ${ifFacing(b)}`;
    // Two lab cycles of 10 s: snmpd caches ifTable for a few seconds, so the first poll may predate the change.
    let o = await observedSides();
    if (o.up.get(ab) !== 0 || o.up.get(ba) !== 0) {
      await sleep(LAB_CYCLE_MS);
      o = await observedSides();
    }
    // The downed side reads down (or, once lldpd's 4 s TTL has passed, the neighbour is gone) on both ends;
    // every other link of the lab is still there and up.
    for (const side of [ab, ba]) expect(o.sides.includes(side) ? o.up.get(side) : 0, side).toBe(0);
    const others = expectedSides().filter((s) => s !== ab && s !== ba);
    expect(o.sides.filter((s) => s !== ab && s !== ba)).toEqual(others);
    for (const side of others) expect(o.up.get(side), side).toBe(1);
  }, 60_000);
});
