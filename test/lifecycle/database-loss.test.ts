import { afterAll, beforeAll, describe, expect } from 'vitest';
import { startYunetProcess, type YunetProcess } from '../hostile/yunet-process';
import { postgresBinary, startPostgres, type PostgresServer } from '../support/postgres-server';
import { itWith, missing } from '../support/requirements';
import { startSnmpd, type Snmpd } from '../support/snmpd';

// The shared database goes away under a running node and comes back: PostgreSQL stopped and started again.
const NEEDS = { commands: ['snmpd'], files: [postgresBinary('pg_ctl') ?? "PostgreSQL's pg_ctl (Debian package postgresql)"] };
const it = itWith(NEEDS);
const ADMIN = 'db-loss-admin-token-0123456789';
let pg: PostgresServer;
let y: YunetProcess;
let snmpd: Snmpd;

beforeAll(async () => {
  if (missing(NEEDS)) return;
  pg = await startPostgres();
  snmpd = await startSnmpd(['rocommunity public 127.0.0.1']);
  y = await startYunetProcess(
    {
      database: { url: pg.url },
      polling: { schedule: '* * * * * *', timeout_ms: 500, retries: 0 },
      credentials: { c: { version: '2c', community: 'public' } },
      devices: [{ name: 'r1', address: '127.0.0.1', port: snmpd.port, credential: 'c' }],
    },
    { YUNET_ADMIN_TOKEN: ADMIN },
  );
}, 60_000);
afterAll(async () => {
  await y?.stop();
  snmpd?.stop();
  pg?.stop();
});

const api = (method: string, url: string, body?: unknown) =>
  fetch(`${y.url}${url}`, { method, headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
const scrape = async () => {
  const res = await fetch(`${y.url}/metrics`);
  return { status: res.status, text: await res.text() };
};
const value = (text: string, series: string) => Number(new RegExp(`^${series.replace(/[{}"]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1]);
const until = async (what: string, ok: () => Promise<boolean>, ms = 30_000) => {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 250))) if (await ok()) return;
  throw new Error(`timed out waiting for ${what}`);
};

describe('database loss', () => {
  it('keeps polling and serving /metrics, refuses writes with 503, and takes writes again when the database returns', async () => {
    expect((await api('POST', '/api/towns', { name: '断库前镇', sort_order: 101 })).status).toBe(201);
    await until('a first poll', async () => value((await scrape()).text, 'yunet_device_last_poll_timestamp_seconds{device="r1"}') > 0);

    await pg.halt();
    const refused = await api('POST', '/api/towns', { name: '断库中镇', sort_order: 102 });
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { error: string }).error).toMatch(/storage is not writable/);
    expect(value((await scrape()).text, 'yunet_storage_writable')).toBe(0);
    // Polls go on from memory: the device's last poll keeps moving, and every scrape answers.
    const before = value((await scrape()).text, 'yunet_device_last_poll_timestamp_seconds{device="r1"}');
    await until('polls while the database is away', async () => {
      const s = await scrape();
      expect(s.status).toBe(200);
      return value(s.text, 'yunet_device_last_poll_timestamp_seconds{device="r1"}') >= before + 3;
    });

    await pg.resume();
    await until('writes taken again', async () => value((await scrape()).text, 'yunet_storage_writable') === 1);
    expect((await api('POST', '/api/towns', { name: '恢复后镇', sort_order: 103 })).status).toBe(201);
    const towns = ((await (await api('GET', '/api/towns')).json()) as { towns: { name: string }[] }).towns.map((t) => t.name);
    expect(towns).toEqual(expect.arrayContaining(['断库前镇', '恢复后镇']));
    expect(towns).not.toContain('断库中镇');
  }, 120_000);
});
