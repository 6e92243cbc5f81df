import { mkdirSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { pidFileDaemon, type Daemon } from './daemon';
import { waitFor } from './sh';

export interface SnmpdSpec {
  /** Namespace to run in; null for the root namespace (loopback endpoints only). */
  ns: string | null;
  /** Names the files in `dir`. */
  name: string;
  /** snmpd.conf text (rocommunity, createUser + rouser, sysName, …). */
  config: string;
  /** Listening endpoints, e.g. udp:198.18.1.2:161 or udp6:[2001:db8:1::2]:161. */
  endpoints: string[];
  /** Directory for config, log, pid file and snmpd's persistent state. */
  dir: string;
}

export interface Snmpd extends Daemon {
  confFile: string;
  logFile: string;
}

/**
 * Starts net-snmp's snmpd with only our config (-C), no MIB files (numeric OIDs), a log file and a
 * pid file, and waits until it has opened its endpoints. Its persistent state (v3 engine boots,
 * localized user keys) stays in `dir`, apart from the system's /var/lib/snmp.
 */
export async function startSnmpd(spec: SnmpdSpec): Promise<Snmpd> {
  mkdirSync(spec.dir, { recursive: true });
  const persist = join(spec.dir, `${spec.name}-persist`);
  mkdirSync(persist, { recursive: true });
  const confFile = join(spec.dir, `${spec.name}.conf`);
  const logFile = join(spec.dir, `${spec.name}.log`);
  const pidFile = join(spec.dir, `${spec.name}.pid`);
  writeFileSync(confFile, spec.config);
  const argv = ['env', 'MIBS=', `SNMP_PERSISTENT_DIR=${persist}`, 'snmpd', '-C', '-c', confFile, '-Lf', logFile, '-p', pidFile, '-M', '/nonexistent', ...spec.endpoints];
  const [cmd, args] = spec.ns ? ['ip', ['netns', 'exec', spec.ns, ...argv]] : [argv[0], argv.slice(1)];
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 30_000 });
  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  if (r.status !== 0) throw new Error(`snmpd ${spec.name} did not start (exit ${r.status}): ${r.stderr}\n${log()}`);
  const daemon = await pidFileDaemon(`snmpd ${spec.name}`, pidFile, logFile);
  // snmpd logs its version line once every transport is open; a bad endpoint is logged before it exits.
  await waitFor(`snmpd ${spec.name} to open ${spec.endpoints.length} endpoint(s)`, () => {
    const text = log();
    if (/Error opening specified endpoint|couldn't open/i.test(text)) throw new Error(text);
    return /NET-SNMP version/.test(text);
  });
  return { ...daemon, confFile, logFile };
}
