import { afterAll, beforeAll, describe, expect } from 'vitest';
import { postgresBinary, startPostgres, type PostgresServer } from '../support/postgres-server';
import { itWith, missing } from '../support/requirements';
import { startPolledNode, until, type PolledNode } from './polled-node';

// The shared database goes away under a running node and comes back: PostgreSQL stopped and started again.
const NEEDS = { commands: ['snmpd'], files: [postgresBinary('pg_ctl') ?? "PostgreSQL's pg_ctl (Debian package postgresql)"] };
const it = itWith(NEEDS);
let pg: PostgresServer;
let node: PolledNode;

beforeAll(async () => {
  if (missing(NEEDS)) return;
  pg = await startPostgres();
  node = await startPolledNode({ url: pg.url }, 'db-loss-admin-token-0123456789');
}, 60_000);
afterAll(async () => {
  await node?.stop();
  await pg?.stop();
});

describe('database loss', () => {
  it('keeps polling and serving /metrics, refuses writes with 503, and takes writes again when the database returns', async () => {
    const { api, scrape, value, lastPoll } = node;
    expect((await api('POST', '/api/towns', { name: '断库前镇', sort_order: 101 })).status).toBe(201);
    await until('a first poll', async () => (await lastPoll()) > 0);

    await pg.halt();
    const refused = await api('POST', '/api/towns', { name: '断库中镇', sort_order: 102 });
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { error: string }).error).toMatch(/storage is not writable/);
    expect(value((await scrape()).text, 'yunet_storage_writable')).toBe(0);
    // Polls go on from memory: the device's last poll keeps moving, and every scrape answers.
    const before = await lastPoll();
    await until('polls while the database is away', async () => {
      const s = await scrape();
      expect(s.status).toBe(200);
      return value(s.text, 'yunet_device_last_poll_timestamp_seconds', { device: 'r1' }) >= before + 3;
    });

    await pg.resume();
    await until('writes taken again', async () => value((await scrape()).text, 'yunet_storage_writable') === 1);
    expect((await api('POST', '/api/towns', { name: '恢复后镇', sort_order: 103 })).status).toBe(201);
    const towns = ((await (await api('GET', '/api/towns')).json()) as { towns: { name: string }[] }).towns.map((t) => t.name);
    expect(towns).toEqual(expect.arrayContaining(['断库前镇', '恢复后镇']));
    expect(towns).not.toContain('断库中镇');
  }, 120_000);
});
