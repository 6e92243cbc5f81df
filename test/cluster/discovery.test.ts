import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NeighbourLink } from '../../collectors/neighbours';
import { discoveryCandidates } from '../../db/schema/discovery';
import { configSchema } from '../../src/config/schema';
import { silentLogger } from '../../src/log';
import { createYunet, type Yunet } from '../../src/yunet';
import { testDatabase } from '../support/database';
import { waitFor } from '../lab/index';

const nodes: Yunet[] = [];
let dir = '';
afterEach(async () => {
  for (const n of nodes.splice(0)) await n.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function node(name: string, groups: string[]): Promise<Yunet> {
  const config = configSchema.parse({
    database: await testDatabase(path.join(dir, 'shared.db')),
    traps: { enabled: false },
    cluster: { node: name, groups, node_timeout_s: 6, heartbeat_s: 2 },
    polling: { timeout_ms: 200, retries: 0 },
    credentials: { lab: { version: '2c', community: 'public' } },
    // Nothing answers on port 1: the polls fail at once; the neighbour below is what the node "saw".
    devices: [{ name: 'edge-sw', address: '127.0.0.1', port: 1, credential: 'lab', poller_group: 'far' }],
  });
  const y = await createYunet({ config, schedule: false, pollAtStart: false, log: silentLogger });
  nodes.push(y);
  return y;
}

// Hand-made: an LLDP neighbour in no inventory, with a management address.
const stranger: NeighbourLink = {
  protocol: 'lldp',
  localPort: 1,
  localPortName: 'GE0/0/1',
  localIfIndex: 1,
  chassisId: '02:00:00:00:09:09',
  sysName: 'stranger',
  portName: 'eth0',
  portDesc: '',
  managementAddresses: ['198.18.9.9'],
};

describe('unknown neighbours with several nodes', () => {
  it('are proposed by the node serving the fleet, from another node’s device; the other node reads nothing for it', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yn-cluster-discovery-'));
    // a starts first and takes the lease; b alone serves the poller group of the device.
    const a = await node('a', ['default']);
    await a.ctx.membership.heartbeat(0);
    const b = await node('b', ['far']);
    for (let i = 0; i < 50 && (a.ctx.membership.alone || b.ctx.membership.alone || !b.ctx.fleet.owned().length); i++)
      for (const n of [a, b]) await n.ctx.membership.heartbeat(0);
    expect(a.ctx.membership.fleetWide).toBe(true);
    expect(b.ctx.membership.fleetWide).toBe(false);
    expect(b.ctx.fleet.owned().map((d) => d.row.name)).toEqual(['edge-sw']);

    // b saw the stranger on its device and shares it with its evidence. (No cycle of b before: its cycle-end
    // publication runs in the background and could land after this one, with the failed poll's empty neighbours.)
    const device = b.ctx.fleet.device('edge-sw')!.row;
    b.services.topology.observe({ device, at: new Date(), up: true, facts: { vendor: 'huawei', sysObjectID: null, snmpVersion: '2c' }, errors: [], samples: new Map(), evidence: { neighbours: [stranger] } });
    await b.services.readiness.publish();

    await a.runCycle();
    const proposed = () => a.ctx.db.select().from(discoveryCandidates).where(eq(discoveryCandidates.address, '198.18.9.9'));
    await waitFor('a proposes the stranger', async () => (await proposed()).length > 0, 10_000, 50);
    expect(await proposed()).toMatchObject([{ address: '198.18.9.9', sysName: 'stranger', source: 'lldp' }]);

    // b's cycle ends (closing waits for what its cycle-end listeners started): it does not read the others' devices.
    const reads = vi.spyOn(b.services.readiness, 'sync');
    await b.runCycle();
    await b.close();
    nodes.splice(nodes.indexOf(b), 1);
    expect(reads).not.toHaveBeenCalled();
  }, 60_000);
});
