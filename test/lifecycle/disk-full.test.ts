import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { itWith, missing } from '../support/requirements';
import { startPolledNode, until, type PolledNode } from './polled-node';

// A real full disk: the database lives on a 4 MB tmpfs that the test fills up.
const NEEDS = { root: true, commands: ['mount', 'umount', 'snmpd'] };
const it = itWith(NEEDS);
let mnt: string;
let node: PolledNode;

beforeAll(async () => {
  if (missing(NEEDS)) return;
  mnt = fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-tmpfs-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mnt]);
  node = await startPolledNode({ path: path.join(mnt, 'yunet.db') }, 'disk-full-admin-token-0123456789');
}, 60_000);
afterAll(async () => {
  await node?.stop();
  if (mnt) {
    execFileSync('umount', [mnt]);
    fs.rmSync(mnt, { recursive: true, force: true });
  }
});

describe('disk full', () => {
  it('refuses writes with 503, keeps polling and serving /metrics, and resumes when space returns without losing an acknowledged write', async () => {
    const { y, api, scrape, value, lastPoll } = node;
    const metric = async (name: string, labels?: Record<string, string>) => value((await scrape()).text, name, labels);
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
    expect(await metric('yunet_internal_errors_total', { component: 'http' })).toBeGreaterThanOrEqual(1);

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
