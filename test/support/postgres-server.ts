import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A server binary: on PATH, else in Debian's versioned directory; null when PostgreSQL is not installed. */
export function postgresBinary(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir && fs.existsSync(path.join(dir, name))) return path.join(dir, name);
  const debian = fs.existsSync('/usr/lib/postgresql') ? fs.readdirSync('/usr/lib/postgresql').sort().reverse() : [];
  for (const v of debian) if (fs.existsSync(`/usr/lib/postgresql/${v}/bin/${name}`)) return `/usr/lib/postgresql/${v}/bin/${name}`;
  return null;
}

function binary(name: string): string {
  const found = postgresBinary(name);
  if (!found) throw new Error(`PostgreSQL's ${name} is not installed (Debian: apt-get install postgresql)`);
  return found;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/**
 * A throwaway PostgreSQL server: initdb and pg_ctl in a temporary directory, on a private loopback port, trust
 * authentication for the one user. initdb refuses root, so as root the server runs as `nobody`.
 */
export interface PostgresServer {
  url: string;
  /** Stops the server, keeping its data (a database outage). */
  halt(): Promise<void>;
  /** Starts it again on the same port and data. */
  resume(): Promise<void>;
  /** Stops it if it runs, and removes its data. */
  stop(): Promise<void>;
}

/** `settings`: more server settings (name → value), e.g. shared_preload_libraries for the cluster benchmark. */
export async function startPostgres(settings: Record<string, string> = {}): Promise<PostgresServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-pg-'));
  fs.chmodSync(dir, 0o755);
  const data = path.join(dir, 'data');
  fs.mkdirSync(data, { mode: 0o700 });
  const root = process.getuid?.() === 0;
  if (root) execFileSync('chown', ['nobody', data]);
  // As root the binaries run as nobody.
  const command = (cmd: string, args: string[]): [string, string[]] => (root ? ['runuser', ['-u', 'nobody', '--', binary(cmd), ...args]] : [binary(cmd), args]);
  // Asynchronous: a test's event loop blocked for seconds (a server stopping under load) would let its HTTP client
  // reuse a keep-alive connection the server under test has meanwhile closed.
  const run = (cmd: string, args: string[]) =>
    new Promise<void>((resolve, reject) =>
      execFile(...command(cmd, args), { encoding: 'utf8' }, (e, stdout, stderr) => (e ? reject(new Error(`${cmd} failed: ${stderr || stdout}`)) : resolve())),
    );
  const port = await freePort();
  await run('initdb', ['-D', data, '-U', 'yunet', '--auth=trust', '-E', 'UTF8', '--no-locale']);
  // fsync off: a test server need not survive a power cut, and the suite's many small commits go faster.
  const startArgs = ['-D', data, '-l', path.join(data, 'server.log'), '-w', '-o', `-p ${port} -k ${data} -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off${Object.entries(settings).map(([k, v]) => ` -c ${k}=${v}`).join('')}`, 'start'];
  await run('pg_ctl', startArgs);
  return {
    url: `postgres://yunet@127.0.0.1:${port}/postgres`,
    halt: () => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']),
    resume: () => run('pg_ctl', startArgs),
    stop: async () => {
      try {
        if (fs.existsSync(path.join(data, 'postmaster.pid'))) await run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
