import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { stopPid, waitFor } from './sh';
import { freeUdpPort } from '../../lab/ports';

export interface Snmpsim {
  port: number;
  /** The community that selects the recording: its file name without .snmprec. */
  community: string;
  stop(): Promise<void>;
}

/** Serves one .snmprec recording with snmpsimd on 127.0.0.1 and waits until it answers. */
export async function startSnmpsim(recording: string): Promise<Snmpsim> {
  const dir = mkdtempSync(join(tmpdir(), 'yn-rd-snmpsim-'));
  const cache = mkdtempSync(join(tmpdir(), 'yn-rd-snmpsim-cache-'));
  const community = basename(recording).replace(/\.snmprec$/, '');
  copyFileSync(recording, join(dir, `${community}.snmprec`));
  // snmpsimd drops to nobody before reading the data and writing its index.
  for (const d of [dir, cache]) chmodSync(d, 0o777);
  const port = await freeUdpPort();
  let out = '';
  const child: ChildProcess = spawn(
    'snmpsimd',
    [`--data-dir=${dir}`, `--cache-dir=${cache}`, `--agent-udpv4-endpoint=127.0.0.1:${port}`, '--process-user=nobody', '--process-group=nogroup'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.on('data', (b: Buffer) => (out += b));
  child.stderr!.on('data', (b: Buffer) => (out += b));
  const answers = () =>
    spawnSync('snmpget', ['-v2c', '-c', community, '-t', '0.5', '-r', '0', '-On', `127.0.0.1:${port}`, '1.3.6.1.2.1.1.5.0'], { encoding: 'utf8' }).status === 0;
  try {
    await waitFor(`snmpsimd on port ${port}`, () => {
      if (child.exitCode !== null) throw new Error(`snmpsimd exited: ${out}`);
      return answers();
    }, 30_000);
  } catch (e) {
    if (child.pid) await stopPid(child.pid);
    throw e;
  }
  return {
    port,
    community,
    stop: async () => {
      if (child.pid) await stopPid(child.pid);
      rmSync(dir, { recursive: true, force: true });
      rmSync(cache, { recursive: true, force: true });
    },
  };
}
