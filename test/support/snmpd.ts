import { spawn, execFileSync } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A free UDP port on loopback (bound and released; the daemon takes it right after). */
export async function freeUdpPort(address = '127.0.0.1'): Promise<number> {
  const sock = dgram.createSocket(address.includes(':') ? 'udp6' : 'udp4');
  await new Promise<void>((r) => sock.bind(0, address, () => r()));
  const { port } = sock.address();
  await new Promise<void>((r) => sock.close(() => r()));
  return port;
}

export interface Snmpd {
  port: number;
  dir: string;
  stop(): void;
}

/** Starts a real net-snmp snmpd on loopback with the given configuration lines and waits until it answers. */
export async function startSnmpd(confLines: string[], opts: { address?: string } = {}): Promise<Snmpd> {
  const address = opts.address ?? '127.0.0.1';
  const port = await freeUdpPort(address);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-snmpd-'));
  fs.writeFileSync(path.join(dir, 'snmpd.conf'), confLines.join('\n') + '\n');
  const endpoint = address.includes(':') ? `udp6:[${address}]:${port}` : `udp:${address}:${port}`;
  const child = spawn(
    'snmpd',
    ['-f', '-C', '-c', path.join(dir, 'snmpd.conf'), '-M', '/nonexistent', '-Lf', path.join(dir, 'snmpd.log'), '--persistentDir=' + dir, endpoint],
    { env: { ...process.env, MIBS: '', SNMP_PERSISTENT_DIR: dir }, stdio: 'ignore' },
  );
  const stop = () => {
    if (child.exitCode === null) child.kill('SIGTERM');
  };
  for (let i = 0; i < 50; i++) {
    try {
      execFileSync('snmpget', ['-v2c', '-c', 'public', '-t', '0.2', '-r', '0', endpoint, '1.3.6.1.2.1.1.3.0'], { stdio: 'ignore', env: { ...process.env, MIBS: '' } });
      return { port, dir, stop };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  stop();
  throw new Error(`snmpd did not answer on ${endpoint}; log: ${fs.existsSync(path.join(dir, 'snmpd.log')) ? fs.readFileSync(path.join(dir, 'snmpd.log'), 'utf8') : 'none'}`);
}

/** Reads with the reference tool: `snmpbulkwalk -On -Oe -Ot -Oq`-style output as oid → raw value text. */
export function snmpbulkwalk(args: string[]): Map<string, string> {
  const out = execFileSync('snmpbulkwalk', ['-On', '-Oq', '-Ot', '-Oe', ...args], { env: { ...process.env, MIBS: '' }, encoding: 'utf8' });
  const map = new Map<string, string>();
  for (const line of out.split('\n')) {
    const m = /^\.?([\d.]+) (.*)$/.exec(line);
    if (m) map.set(m[1], m[2]);
  }
  return map;
}
