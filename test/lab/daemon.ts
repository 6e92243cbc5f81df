import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, existsSync, openSync, closeSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep } from './sh';

export interface Daemon {
  name: string;
  pid: number;
  /** Log file or captured output, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Sends SIGTERM, then SIGKILL if the process is still there after `graceMs`. */
export async function stopPid(pid: number, graceMs = 3000): Promise<void> {
  if (!alive(pid)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const until = Date.now() + graceMs;
  while (alive(pid) && Date.now() < until) await sleep(50);
  if (alive(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
}

/** A daemon that forks itself and writes a pid file (snmpd): waits for the file and stops that pid. */
export async function pidFileDaemon(name: string, pidFile: string, logFile: string, timeoutMs = 10_000): Promise<Daemon> {
  const until = Date.now() + timeoutMs;
  let pid = 0;
  while (Date.now() < until) {
    if (existsSync(pidFile)) {
      pid = Number(readFileSync(pidFile, 'utf8').trim());
      if (pid > 0) break;
    }
    await sleep(50);
  }
  const output = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  if (!pid) throw new Error(`${name} wrote no pid file within ${timeoutMs} ms; log:\n${output()}`);
  return { name, pid, output, stop: () => stopPid(pid) };
}

/**
 * A daemon that stays in the foreground. Its output goes to a file, not a pipe: a test blocked in a
 * synchronous call (snmpbulkwalk) would stop draining a pipe and freeze a chatty daemon.
 */
export function foregroundDaemon(name: string, cmd: string, args: string[], opts: { logFile?: string; env?: NodeJS.ProcessEnv } = {}): Daemon & { child: ChildProcess; logFile: string } {
  const logFile = opts.logFile ?? join(mkdtempSync(join(tmpdir(), 'yunet-daemon-')), `${name.replace(/\W+/g, '-')}.log`);
  const fd = openSync(logFile, 'a');
  const child = spawn(cmd, args, { stdio: ['ignore', fd, fd], env: opts.env ?? process.env });
  closeSync(fd);
  let spawnError = '';
  child.on('error', (e) => {
    spawnError = `spawn error: ${e.message}\n`;
  });
  const output = () => spawnError + (existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-100_000) : '');
  return {
    name,
    pid: child.pid ?? 0,
    child,
    logFile,
    output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      await stopPid(child.pid);
      await Promise.race([exited, sleep(1000)]);
    },
  };
}
