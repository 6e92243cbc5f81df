import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoDevices } from '../../src/demo/models/index';
import { openDatabase } from '../../db/index';
import { configSchema } from '../../src/config/schema';
import { syncConfig } from '../../src/inventory/sync';
import { NODE_FLAGS } from '../../src/node-flags';

const repo = path.resolve(import.meta.dirname, '../..');
let child: ChildProcess | null = null;
let built: string | null = null;

afterAll(async () => {
  if (built) fs.rmSync(built, { recursive: true, force: true });
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child!.once('exit', r));
  child.kill('SIGTERM');
  await exited;
});

/** Resolves with the first stderr match of `re`, or rejects when the process exits first. */
function waitForLine(proc: ChildProcess, re: RegExp, log: string[]): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    proc.stderr!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        log.push(line);
        const m = re.exec(line);
        if (m) resolve(m);
      }
    });
    proc.once('exit', (code) => reject(new Error(`yunet exited with ${code}:\n${log.join('\n')}`)));
  });
}

describe('npm start without a configuration', () => {
  it('starts the demo fleet and shows every demo device up on /metrics within a minute', async () => {
    // An empty working directory: no yunet.yml, so yunet must fall back to the demo fleet.
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-start-'));
    const log: string[] = [];
    // What `npm start` runs: the bundle `npm run build` makes (in a directory of its own, so a running yunet's is
    // untouched; inside the checkout, where its packages resolve).
    built = path.join(repo, 'dist', `start-test-${process.pid}`);
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: repo, env: { ...process.env, YUNET_BUILD_DIR: built }, stdio: 'inherit' });
    child = spawn(process.execPath, [...NODE_FLAGS, path.join(built, 'yunet.mjs')], {
      cwd,
      env: { ...process.env, YUNET_PORT: '0', YUNET_DB: path.join(cwd, 'yunet.db'), YUNET_CONFIG: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const [, port] = await waitForLine(child, /listening url=http:\/\/\S+:(\d+) demo=true/, log);
    expect(log.some((l) => l.includes('demo mode'))).toBe(true);
    // Every agent is announced with its port, so users can walk it by hand.
    expect(log.filter((l) => / demo agent device=\S+ address=\S+ port=\d+$/.test(l))).toHaveLength(demoDevices.length);

    const deadline = Date.now() + 60_000;
    let up: string[] = [];
    while (Date.now() < deadline) {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      up = [...text.matchAll(/^yunet_device_up\{device="([^"]+)"[^}]*\} 1$/gm)].map((m) => m[1]);
      if (up.length === demoDevices.length) {
        expect(text).toMatch(/^ifHCInOctets\{device="py-core-ne40e",[^}]*ifName="100GE1\/0\/0"[^}]*\} \d{20}$/m);
        break;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(up.sort()).toEqual(demoDevices.map((d) => d.name).sort());

    // The walk-through: the start log prints a demo admin token; signed in with it, the progress page opens on
    // the latest year that has targets (the demo's 2023 figures), not on an empty current year.
    const token = log.map((l) => / demo mode: sign in at \/field\/signin .* token=(yn_\S+)$/.exec(l)?.[1]).find(Boolean);
    expect(token).toBeDefined();
    expect((await fetch(`http://127.0.0.1:${port}/api/devices`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    const signin = await fetch(`http://127.0.0.1:${port}/field/signin`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: `http://127.0.0.1:${port}` },
      body: new URLSearchParams({ token: token! }).toString(),
    });
    const cookie = (signin.headers.get('set-cookie') ?? '').split(';')[0];
    const page = await (await fetch(`http://127.0.0.1:${port}/field`, { headers: { cookie } })).text();
    expect(page).toMatch(/<option value="2023" selected="">/);
    // The drill pages have a finished demo drill with incidents to show.
    const drills = await (await fetch(`http://127.0.0.1:${port}/drills`, { headers: { cookie } })).text();
    expect(drills).toContain('粤盾-演示 demo drill');
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toContain('demo-admin');
  }, 90_000);

  it('refuses demo mode when YUNET_DB holds a real inventory, and writes nothing into it', async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-start-'));
    const db = path.join(cwd, 'real.db');
    const real = await openDatabase(db);
    await syncConfig(real.db, configSchema.parse({ credentials: { c: { version: '2c', community: 'x' } }, devices: [{ name: 'shiji-core', address: '198.18.7.1', credential: 'c' }] }));
    await real.close();
    const before = fs.readFileSync(db);
    const proc = spawn(path.join(repo, 'node_modules/.bin/tsx'), [path.join(repo, 'src/main.ts')], {
      cwd,
      env: { ...process.env, TSX_TSCONFIG_PATH: path.join(repo, 'tsconfig.json'), YUNET_PORT: '0', YUNET_DB: db, YUNET_CONFIG: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise((r) => proc.once('exit', r));
    expect(code).toBe(2);
    expect(stderr).toContain('the database already holds a real inventory (device "shiji-core")');
    expect(fs.readFileSync(db).equals(before)).toBe(true);
    fs.rmSync(cwd, { recursive: true, force: true });
  }, 60_000);
});
