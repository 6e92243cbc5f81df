import { mkdirSync, writeFileSync, chmodSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { foregroundDaemon, type Daemon } from './daemon';
import { run, waitFor } from './sh';

/** Recordings of real equipment shipped with Debian's snmpsim package. */
export const SNMPSIM_EXAMPLES = '/usr/share/doc/snmpsim/examples/data';

/**
 * A data directory readable by the unprivileged user snmpsimd drops to. Each recording becomes
 * `<community>.snmprec` (snmpsim's community is the file stem); .gz files are unzipped.
 * `extra` adds hand-made recordings: community → snmprec text (`oid|type|value` lines, sorted).
 */
export function snmpsimDataDir(recordings: { community: string; file: string }[], extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'yunet-snmpsim-'));
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755);
  for (const r of recordings) {
    const raw = readFileSync(r.file);
    const text = r.file.endsWith('.gz') ? gunzipSync(raw) : raw;
    writeFileSync(join(dir, `${r.community}.snmprec`), text, { mode: 0o644 });
  }
  for (const [community, text] of Object.entries(extra)) writeFileSync(join(dir, `${community}.snmprec`), text, { mode: 0o644 });
  return dir;
}

/** The community under which snmpsim serves a recording file. */
export function communityOf(file: string): string {
  return basename(file).replace(/\.gz$/, '').replace(/\.snmprec$/, '');
}

export interface Snmpsim extends Daemon {
  port: number;
}

/**
 * Starts snmpsimd on 127.0.0.1:port (as nobody/nogroup when we are root) and waits until it answers a GET of sysUpTime
 * for `probeCommunity` (it indexes the data first, which takes a few seconds for big recordings).
 */
export async function startSnmpsim(opts: { dataDir: string; port: number; probeCommunity: string; cacheDir?: string }): Promise<Snmpsim> {
  const cache = opts.cacheDir ?? mkdtempSync(join(tmpdir(), 'yunet-snmpsim-cache-'));
  chmodSync(cache, 0o777);
  const d = foregroundDaemon('snmpsimd', 'snmpsimd', [
    `--data-dir=${opts.dataDir}`,
    `--cache-dir=${cache}`,
    `--agent-udpv4-endpoint=127.0.0.1:${opts.port}`,
    // snmpsimd refuses to run as root unless told whom to become; as anyone else it stays who it is.
    ...(process.getuid?.() === 0 ? ['--process-user=nobody', '--process-group=nogroup'] : []),
  ]);
  try {
    await waitFor(
      'snmpsimd to answer',
      () => {
        if (d.child.exitCode !== null) throw new Error(`snmpsimd exited: ${d.output().slice(-2000)}`);
        try {
          run('snmpget', ['-v2c', '-c', opts.probeCommunity, '-t', '1', '-r', '0', '-On', `127.0.0.1:${opts.port}`, '1.3.6.1.2.1.1.3.0'], { timeoutMs: 5000 });
          return true;
        } catch {
          return false;
        }
      },
      60_000,
      250,
    );
  } catch (e) {
    await d.stop();
    throw e;
  }
  return {
    ...d,
    port: opts.port,
    // Removes what it made: the index cache (unless the caller gave one) and its log; the data dir stays the caller's.
    stop: async () => {
      await d.stop();
      if (!opts.cacheDir) rmSync(cache, { recursive: true, force: true });
      rmSync(dirname(d.logFile), { recursive: true, force: true });
    },
  };
}
