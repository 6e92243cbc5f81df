/**
 * Start-up benchmark (npm run bench:startup): what running yunet costs before it polls anything, started
 * the way `npm start` does (the esbuild bundle, `npm run build`) and from the TypeScript sources through
 * tsx's loader (as the tests run it). Same empty configuration (no devices, traps off) for both; each is
 * started 3 times and the medians are written into bench/RESULTS.md.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { machine, writeSection } from './results';
import { median } from './measure';
import { NODE_FLAGS } from '../src/node-flags';

const repo = resolve(import.meta.dirname, '..');
const RUNS = 3;

interface Run {
  /** From spawn to the "listening" log line. */
  readySeconds: number;
  /** VmHWM (peak resident set) 5 s after listening, MB. */
  peakMb: number;
}

function status(pid: number, field: string): number {
  return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
}

async function start(args: string[], dir: string): Promise<Run> {
  const config = join(dir, 'yunet.yml');
  writeFileSync(config, `database: { path: ${join(dir, `y-${Date.now()}.db`)} }\nhttp: { port: 0 }\ntraps: { enabled: false }\n`);
  const t0 = performance.now();
  const proc = spawn(process.execPath, [...NODE_FLAGS, ...args, '--config', config], { cwd: repo, stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise<void>((ok, fail) => {
    let out = '';
    proc.stderr!.on('data', (d: Buffer) => {
      out += d.toString();
      if (/ listening /.test(out)) ok();
    });
    proc.once('exit', (code) => fail(new Error(`yunet exited with ${code}: ${out}`)));
  });
  const readySeconds = (performance.now() - t0) / 1000;
  await new Promise((r) => setTimeout(r, 5000));
  const peakMb = status(proc.pid!, 'VmHWM');
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  await exited;
  return { readySeconds, peakMb };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'yunet-startup-'));
  const bundleDir = join(repo, 'dist', `bench-startup-${process.pid}`);
  try {
    const t0 = performance.now();
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: repo, env: { ...process.env, YUNET_BUILD_DIR: bundleDir }, stdio: 'inherit' });
    const buildSeconds = (performance.now() - t0) / 1000;
    const ways = {
      'bundle (`npm start`)': [join(bundleDir, 'yunet.mjs')],
      'tsx loader (sources)': ['--import', 'tsx', join(repo, 'src/main.ts')],
    };
    const rows: string[] = [];
    for (const [name, args] of Object.entries(ways)) {
      const runs: Run[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await start(args, dir));
      rows.push(`| ${name} | ${median(runs.map((r) => r.readySeconds)).toFixed(2)} s | ${median(runs.map((r) => r.peakMb)).toFixed(0)} MB |`);
      console.log(rows.at(-1));
    }
    writeSection(
      'Start-up',
      `\`npm run bench:startup\` — ${machine()}.

yunet with no devices and traps off, started ${RUNS} times each way; medians. Peak RSS is the process' VmHWM 5 s
after its "listening" line. \`npm run build\` (esbuild, packages left external) took ${buildSeconds.toFixed(2)} s and runs
before every \`npm start\`.

| started as | spawn → listening | peak RSS |
|---|---|---|
${rows.join('\n')}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(bundleDir, { recursive: true, force: true });
  }
}

await main();
