import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { startYunetProcess, type YunetProcess } from '../hostile/yunet-process';
import { itWith, missing } from '../support/requirements';
import { startSnmpd, type Snmpd } from '../support/snmpd';

// A real full disk: the database lives on a 4 MB tmpfs that the test fills up.
const NEEDS = { root: true, commands: ['mount', 'umount', 'snmpd'] };
const it = itWith(NEEDS);
const ADMIN = 'disk-full-admin-token-0123456789';
let mnt: string;
let y: YunetProcess;
let snmpd: Snmpd;

beforeAll(async () => {
  if (missing(NEEDS)) return;
  mnt = fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-tmpfs-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mnt]);
  snmpd = await startSnmpd(['rocommunity public 127.0.0.1']);
  y = await startYunetProcess(
    {
      database: { path: path.join(mnt, 'yunet.db') },
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
  if (mnt) {
    execFileSync('umount', [mnt]);
    fs.rmSync(mnt, { recursive: true, force: true });
  }
});

const api = (method: string, url: string, body?: unknown) =>
  fetch(`${y.url}${url}`, { method, headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
const metric = async (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(await (await fetch(`${y.url}/metrics`)).text())?.[1]);
const lastPoll = async () => Number(/^yunet_device_last_poll_timestamp_seconds\{device="r1"\} (\d+)$/m.exec(await (await fetch(`${y.url}/metrics`)).text())?.[1]);
const until = async (what: string, ok: () => Promise<boolean>, ms = 20_000) => {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 250))) if (await ok()) return;
  throw new Error(`timed out waiting for ${what}`);
};

describe('disk full', () => {
  it('refuses writes with 503, keeps polling and serving /metrics, and resumes when space returns without losing an acknowledged write', async () => {
    const acknowledged: string[] = [];
    const town = (i: number) => ({ name: `测试镇${i}`, sort_order: 100 + i });
    expect((await api('POST', '/api/towns', town(0))).status).toBe(201);
    acknowledged.push(town(0).name);

    // Fill the disk, then write until SQLite runs out of room.
    const filler = path.join(mnt, 'filler');
    try {
      fs.writeFileSync(filler, Buffer.alloc(8 * 1024 * 1024));
    } catch {
      /* ENOSPC: the disk is full, as intended */
    }
    let refused: Response | null = null;
    for (let i = 1; i < 2000 && !refused; i++) {
      const res = await api('POST', '/api/inspections', { date: '2026-02-01', town: town(0).name, villages: [], notes: '测'.repeat(2000) });
      if (res.status === 201) continue;
      refused = res;
    }
    expect(refused?.status).toBe(503);
    expect(((await refused!.json()) as { error: string }).error).toMatch(/^storage is not writable/);
    expect(await metric('yunet_storage_writable')).toBe(0);
    expect(await metric('yunet_internal_errors_total{component="http"}')).toBeGreaterThanOrEqual(1);

    // Polling goes on and /metrics shows it.
    const before = await lastPoll();
    await until('a poll after the disk filled', async () => (await lastPoll()) > before);
    expect(y.proc.exitCode).toBeNull();

    fs.rmSync(filler);
    await until('storage writable again', async () => (await metric('yunet_storage_writable')) === 1);
    expect((await api('POST', '/api/towns', town(1))).status).toBe(201);
    acknowledged.push(town(1).name);
    const towns = ((await (await api('GET', '/api/towns')).json()) as { towns: { name: string }[] }).towns.map((t) => t.name);
    for (const t of acknowledged) expect(towns).toContain(t);
  }, 90_000);
});
