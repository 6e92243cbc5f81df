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
import type { DeviceFacts, Sample } from '../../collectors/types';
import { address, ifFacing, NODES, PREFIX, startTopologyLab, sysName, WIRING, type Node, type TopologyLab } from './lab';

const needs = { root: true, commands: ['ip', 'snmpd', 'lldpd'] };
const facts: DeviceFacts = { vendor: 'linux', sysObjectID: null, snmpVersion: '2c' };
let lab: TopologyLab | undefined;
const clients: SnmpClient[] = [];
const LAB_CYCLE_MS = 10_000;

/** Polls one lab node with yunet's own client and collectors (interfaces first: neighbours builds on it). */
async function pollNode(n: Node): Promise<Sample[]> {
  const client = new SnmpClient({ address: address(NODES.indexOf(n)).ns, port: 161, credential: { version: '2c', community: 'public' } }, { timeoutMs: 2000, retries: 1, maxRepetitions: 25 });
  clients.push(client);
  const ifs = interfaces.parse(await collect(client, interfaces, facts), facts);
  return neighbours.parse(await collect(client, neighbours, facts), facts, ifs.evidence).samples;
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
