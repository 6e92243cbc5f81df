import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { testDatabase } from '../support/database';
import { NODE_FLAGS } from '../../src/node-flags';

const repo = path.resolve(import.meta.dirname, '../..');

/** yunet as users run it: its own Node process (`npm start`'s flags), a config file, a temp database. */
export interface YunetProcess {
  proc: ChildProcess;
  pid: number;
  url: string;
  dir: string;
  /** Its database, for openDatabase(): the SQLite file, or the PostgreSQL URL when the suite runs on PostgreSQL. */
  database: string;
  /** Every stderr line so far. */
  log: string[];
  /** SIGTERM and wait; resolves with the exit code. */
  stop(): Promise<number | null>;
}

export async function startYunetProcess(config: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): Promise<YunetProcess> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-proc-'));
  const file = path.join(dir, 'yunet.yml');
  const settings = { http: { port: 0, host: '127.0.0.1' }, database: await testDatabase(path.join(dir, 'yunet.db')), traps: { enabled: false }, ...config };
  fs.writeFileSync(file, stringify(settings));
  const database = settings.database as { path: string; url?: string };
  const proc = spawn(process.execPath, [...NODE_FLAGS, '--import', 'tsx', path.join(repo, 'src/main.ts'), '--config', file], {
    cwd: repo,
    env: { ...process.env, YUNET_CONFIG: '', YUNET_DB: '', YUNET_PORT: '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const log: string[] = [];
  const port = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    proc.stderr!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        log.push(line);
        const m = /listening url=http:\/\/\S+:(\d+)/.exec(line);
        if (m) resolve(m[1]);
      }
    });
    proc.once('exit', (code) => reject(new Error(`yunet exited with ${code}:\n${log.join('\n')}`)));
  });
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  return {
    proc,
    pid: proc.pid!,
    url: `http://127.0.0.1:${port}`,
    dir,
    database: database.url ?? database.path,
    log,
    stop: async () => {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      const code = await exited;
      fs.rmSync(dir, { recursive: true, force: true });
      return code;
    },
  };
}

/** Resident and peak resident memory of a process, in bytes (/proc/PID/status VmRSS and VmHWM). */
export function memoryOf(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}
