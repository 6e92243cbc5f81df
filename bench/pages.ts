/**
 * Web page benchmark (npm run bench:pages): `npm start`'s bundle in demo mode, every page of the menu opened in
 * Chromium as the demo admin; bytes transferred per page (HTML plus anything it loads, compressed as sent) and first render
 * (first contentful paint, from the browser's own paint timing), median of 5 loads each. Writes its section of
 * bench/RESULTS.md.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { median } from './measure';
import { machine, writeSection } from './results';
import { NODE_FLAGS } from '../src/node-flags';

const repo = resolve(import.meta.dirname, '..');
const LOADS = 5;
const PAGES = ['/', '/devices', '/devices/py-core-ne40e', '/readiness', '/field', '/field/stations', '/drills'];

async function main(): Promise<void> {
  const cwd = mkdtempSync(join(tmpdir(), 'yunet-bench-pages-'));
  const built = join(repo, 'dist', `bench-pages-${process.pid}`);
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: repo, env: { ...process.env, YUNET_BUILD_DIR: built }, stdio: 'inherit' });
  const proc = spawn(process.execPath, [...NODE_FLAGS, join(built, 'yunet.mjs')], {
    cwd,
    env: { ...process.env, YUNET_PORT: '0', YUNET_DB: join(cwd, 'yunet.db'), YUNET_CONFIG: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  const ready = new Promise<{ port: string; token: string }>((ok, fail) => {
    proc.stderr!.on('data', (d: Buffer) => {
      log += d.toString();
      const port = / listening url=http:\/\/\S+:(\d+)/.exec(log)?.[1];
      const token = / token=(yn_\S+)/.exec(log)?.[1];
      if (port && token && /poll cycle cycle=2 /.test(log)) ok({ port, token });
    });
    proc.once('exit', (code) => fail(new Error(`yunet exited with ${code}: ${log}`)));
  });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const { port, token } = await ready;
    const base = `http://127.0.0.1:${port}`;
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/field/signin`);
    await page.locator('input[name=token]').fill(token);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(`${base}/field`);
    const rows: string[] = [];
    for (const path of PAGES) {
      const paints: number[] = [];
      let bytes = 0;
      for (let i = 0; i < LOADS; i++) {
        let total = 0;
        // As sent over the wire: headers plus the (compressed) body.
        const count = (res: import('playwright-core').Response) =>
          void res.request().sizes().then((s) => (total += s.responseHeadersSize + s.responseBodySize), () => {});
        page.on('response', count);
        await page.goto(`${base}${path}`, { waitUntil: 'load' });
        page.off('response', count);
        await page.waitForTimeout(50);
        bytes = total;
        paints.push(
          await page.evaluate(
            () =>
              new Promise<number>((done) => {
                // Paint entries stay in the performance timeline, so this also finds a paint made before the call.
                const started = Date.now();
                // No named inner functions: tsx would wrap them in a helper the page does not have.
                const timer = setInterval(() => {
                  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
                  if (!fcp && Date.now() - started < 3000) return;
                  clearInterval(timer);
                  done(fcp ? fcp.startTime : NaN);
                }, 20);
              }),
          ),
        );
      }
      rows.push(`| \`${path}\` | ${(bytes / 1024).toFixed(1)} KB | ${median(paints).toFixed(0)} ms |`);
      console.log(rows.at(-1));
    }
    writeSection(
      'Web pages',
      `\`npm run bench:pages\` — ${machine()}.

\`npm start\`'s bundle in demo mode (6 demo devices, the demo field data and drill), Chromium (Debian's) headless
on the same machine, signed in as the demo admin. Bytes: everything the page loaded (it is one HTML document:
inline stylesheet, no scripts but the drill board's refresh, no fonts or images), as transferred: headers plus the gzipped body. First render: the
browser's first contentful paint, median of ${LOADS} loads. Budget: 200 KB and 300 ms per page.

| page | bytes | first render |
|---|---|---|
${rows.join('\n')}`,
    );
  } finally {
    await browser.close();
    proc.kill('SIGTERM');
    rmSync(built, { recursive: true, force: true });
    rmSync(cwd, { recursive: true, force: true });
  }
}

await main();
