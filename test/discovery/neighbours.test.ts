import dgram from 'node:dgram';
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
import { testDatabase } from '../support/database';

let yunet: Yunet | undefined;
afterEach(async () => {
  await yunet?.close();
  yunet = undefined;
});

async function start(maxCandidates = 10_000, discovery: Record<string, unknown> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-nbr-'));
  yunet = await createYunet({
    config: configSchema.parse({
      database: await testDatabase(path.join(dir, 'y.db')),
      traps: { enabled: false },
      polling: { timeout_ms: 200, retries: 0 },
      credentials: { lab: { version: '2c', community: 'nbr-community' } },
      discovery: { max_candidates: maxCandidates, ...discovery },
    }),
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
const stored = async (y: Yunet) => (await y.ctx.db.select({ n: count() }).from(discoveryCandidates))[0].n;

describe('unknown neighbours handed to discovery', () => {
  it('proposes at most 64 a cycle, each address once, and none without a management address', async () => {
    const y = await start();
    const c = new NeighbourCandidates(y.ctx);
    const many = Array.from({ length: MAX_PROPOSALS_PER_CYCLE + 6 }, (_, i) => stranger(i + 1));
    expect(await c.propose([...many, { ...stranger(200), managementAddresses: [] }])).toHaveLength(MAX_PROPOSALS_PER_CYCLE);
    expect(await stored(y)).toBe(MAX_PROPOSALS_PER_CYCLE);
    expect(await c.propose(many)).toHaveLength(6);
    expect(await c.propose(many)).toEqual([]);
    expect(await stored(y)).toBe(MAX_PROPOSALS_PER_CYCLE + 6);
  });

  it('counts the neighbours a full candidate table refuses', async () => {
    const y = await start(10);
    for (let i = 0; i < 10; i++) await proposeCandidate(y.ctx.db, { address: `198.18.8.${i + 1}`, source: 'sweep' });
    await new NeighbourCandidates(y.ctx).propose([stranger(1), stranger(2)]);
    expect(await stored(y)).toBe(10);
    const metrics = await (await y.app.request('/metrics')).text();
    expect(metrics).toMatch(/^yunet_discovery_candidates_dropped_total 2$/m);
  });

  it('asks a new neighbour with the discovery credentials only inside the discovery ranges', async () => {
    // Two "agents" on one UDP port, at 127.0.0.1 (inside the ranges) and 127.0.0.2 (outside): what reaches each.
    const inside = dgram.createSocket('udp4');
    await new Promise<void>((r) => inside.bind(0, '127.0.0.1', r));
    const port = inside.address().port;
    const outside = dgram.createSocket('udp4');
    await new Promise<void>((r) => outside.bind(port, '127.0.0.2', r));
    const got = { inside: [] as Buffer[], outside: [] as Buffer[] };
    inside.on('message', (m) => got.inside.push(m));
    outside.on('message', (m) => got.outside.push(m));
    try {
      const y = await start(10_000, { enabled: true, ranges: ['127.0.0.1/32'], credentials: ['lab'], rate_per_second: 100 });
      const c = new NeighbourCandidates(y.ctx, port);
      const at = (address: string, i: number) => ({ ...stranger(i), managementAddresses: [address] });
      expect((await c.propose([at('127.0.0.1', 1), at('127.0.0.2', 2)])).sort()).toEqual(['127.0.0.1', '127.0.0.2']);
      await c.settled();
      expect(got.inside).toHaveLength(1);
      expect(got.inside[0].includes(Buffer.from('nbr-community'))).toBe(true);
      expect(got.outside).toEqual([]);
      expect(await stored(y)).toBe(2);
    } finally {
      inside.close();
      outside.close();
    }
  });
});
