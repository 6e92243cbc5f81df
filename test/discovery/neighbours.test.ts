import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { discoveryCandidates } from '../../db/schema/discovery';
import { configSchema } from '../../src/config/schema';
import { MAX_PROPOSALS_PER_CYCLE, NeighbourCandidates } from '../../src/discovery/neighbours';
import { proposeCandidate } from '../../src/discovery/candidates';
import { silentLogger } from '../../src/log';
import { createYunet, type Yunet } from '../../src/yunet';
import type { UnknownNeighbour } from '../../src/topology/service';

let yunet: Yunet | undefined;
afterEach(async () => {
  await yunet?.close();
  yunet = undefined;
});

async function start(maxCandidates = 10_000) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-nbr-'));
  yunet = await createYunet({
    config: configSchema.parse({ database: { path: path.join(dir, 'y.db') }, traps: { enabled: false }, discovery: { max_candidates: maxCandidates } }),
    schedule: false,
    pollAtStart: false,
    log: silentLogger,
    env: {},
  });
  return yunet;
}

const stranger = (i: number): UnknownNeighbour => ({
  device: 'py-core',
  ifName: `GE0/0/${i}`,
  neighbour: `stranger-${i}`,
  neighbourIfName: 'eth0',
  sysName: `stranger-${i}`,
  unit: null,
  managementAddresses: [`198.18.7.${i}`],
});
const stored = (y: Yunet) => y.ctx.db.select({ n: count() }).from(discoveryCandidates).get()!.n;

describe('unknown neighbours handed to discovery', () => {
  it('proposes at most 64 a cycle, each address once, and none without a management address', async () => {
    const y = await start();
    const c = new NeighbourCandidates(y.ctx);
    const many = Array.from({ length: MAX_PROPOSALS_PER_CYCLE + 6 }, (_, i) => stranger(i + 1));
    expect(c.propose([...many, { ...stranger(200), managementAddresses: [] }])).toHaveLength(MAX_PROPOSALS_PER_CYCLE);
    expect(stored(y)).toBe(MAX_PROPOSALS_PER_CYCLE);
    expect(c.propose(many)).toHaveLength(6);
    expect(c.propose(many)).toEqual([]);
    expect(stored(y)).toBe(MAX_PROPOSALS_PER_CYCLE + 6);
  });

  it('counts the neighbours a full candidate table refuses', async () => {
    const y = await start(10);
    for (let i = 0; i < 10; i++) proposeCandidate(y.ctx.db, { address: `198.18.8.${i + 1}`, source: 'sweep' });
    new NeighbourCandidates(y.ctx).propose([stranger(1), stranger(2)]);
    expect(stored(y)).toBe(10);
    const metrics = await (await y.app.request('/metrics')).text();
    expect(metrics).toMatch(/^yunet_discovery_candidates_dropped_total 2$/m);
  });
});
