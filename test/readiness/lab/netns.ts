import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { run, stopPid, tryRun, waitFor } from './sh';

/**
 * A small namespace lab for the readiness suite: one namespace per "device", joined to the root
 * namespace by a veth pair, with net-snmp's snmpd inside. Names carry the suite's prefix so stale
 * leftovers can be removed without touching anyone else's; addresses stay in 198.18.0.0/15 and 2001:db8::/32.
 */
export interface LabDevice {
  /** Short name; namespace and root-side veth are `${prefix}-${name}` (≤ 15 characters). */
  name: string;
  /** Root side and namespace side of the link, e.g. ['198.19.210.1', '198.19.210.2'], with /30. */
  ipv4?: [string, string];
  /** Same for IPv6, with /64. */
  ipv6?: [string, string];
  /** Switch IPv6 off in the namespace before any link exists: no ::1, no link-local. */
  noIpv6?: boolean;
  ipv6Forwarding?: boolean;
  /** Extra veth pairs inside the namespace: [name, ipv4 cidr | null, ipv6 cidr | null][]. */
  innerLinks?: [string, string | null, string | null][];
  /** IPv6 routes inside the namespace, via the root side: prefixes. */
  ipv6RoutesViaRoot?: string[];
  /** Endpoints snmpd listens on: 'ipv4', 'ipv6' or both. */
  listen: ('ipv4' | 'ipv6')[];
  /** Keep snmpd's own ~60 s cache of ipSystemStatsTable, as a real agent has it (default: shortened to 1 s). */
  agentCache?: boolean;
}

export interface RunningDevice {
  spec: LabDevice;
  ns: string;
  pid: number;
  /** The address yunet polls. */
  managementAddress: string;
}

const LAB_V4 = /^198\.1[89]\./;
const LAB_V6 = /^2001:db8:/i;

export function cleanup(prefix: string): Promise<void> {
  const mine = (n: string) => n.startsWith(`${prefix}-`);
  const namespaces = tryRun('ip', ['netns', 'list']).split('\n').map((l) => l.split(' ')[0]).filter((n) => n && mine(n));
  return (async () => {
    for (const ns of namespaces) {
      for (const pid of tryRun('ip', ['netns', 'pids', ns]).split('\n').map(Number).filter((p) => p > 0)) await stopPid(pid);
      tryRun('ip', ['netns', 'delete', ns]);
    }
    for (const line of tryRun('ip', ['-o', 'link', 'show']).split('\n')) {
      const name = line.split(': ')[1]?.split('@')[0];
      if (name && mine(name)) tryRun('ip', ['link', 'delete', name]);
    }
  })();
}

function check(spec: LabDevice): void {
  for (const a of spec.ipv4 ?? []) if (!LAB_V4.test(a)) throw new Error(`${a} is outside 198.18.0.0/15`);
  for (const a of spec.ipv6 ?? []) if (!LAB_V6.test(a)) throw new Error(`${a} is outside 2001:db8::/32`);
  for (const [, v4, v6] of spec.innerLinks ?? []) {
    if (v4 && !LAB_V4.test(v4)) throw new Error(`${v4} is outside 198.18.0.0/15`);
    if (v6 && !LAB_V6.test(v6)) throw new Error(`${v6} is outside 2001:db8::/32`);
  }
}

/** Builds the namespace and its links; snmpd starts afterwards (it caches the interface table). */
function build(prefix: string, spec: LabDevice): string {
  check(spec);
  const ns = `${prefix}-${spec.name}`;
  if (ns.length > 15) throw new Error(`"${ns}" is longer than 15 characters`);
  const nsExec = (...args: string[]) => run('ip', ['netns', 'exec', ns, ...args]);
  run('ip', ['netns', 'add', ns]);
  if (spec.noIpv6) nsExec('sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1');
  run('ip', ['link', 'add', ns, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns]);
  run('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
  if (spec.ipv4) {
    run('ip', ['addr', 'add', `${spec.ipv4[0]}/30`, 'dev', ns]);
    run('ip', ['-n', ns, 'addr', 'add', `${spec.ipv4[1]}/30`, 'dev', 'eth0']);
  }
  if (spec.ipv6) {
    run('ip', ['-6', 'addr', 'add', `${spec.ipv6[0]}/64`, 'dev', ns, 'nodad']);
    run('ip', ['-n', ns, '-6', 'addr', 'add', `${spec.ipv6[1]}/64`, 'dev', 'eth0', 'nodad']);
  }
  run('ip', ['link', 'set', ns, 'up']);
  run('ip', ['-n', ns, 'link', 'set', 'eth0', 'up']);
  for (const [name, v4, v6] of spec.innerLinks ?? []) {
    run('ip', ['-n', ns, 'link', 'add', name, 'type', 'veth', 'peer', 'name', `${name}p`]);
    if (v4) run('ip', ['-n', ns, 'addr', 'add', v4, 'dev', name]);
    if (v6) run('ip', ['-n', ns, '-6', 'addr', 'add', v6, 'dev', name, 'nodad']);
    run('ip', ['-n', ns, 'link', 'set', name, 'up']);
    run('ip', ['-n', ns, 'link', 'set', `${name}p`, 'up']);
  }
  if (spec.ipv6Forwarding) nsExec('sysctl', '-qw', 'net.ipv6.conf.all.forwarding=1');
  for (const p of spec.ipv6RoutesViaRoot ?? []) run('ip', ['-n', ns, '-6', 'route', 'add', p, 'via', spec.ipv6![0]]);
  return ns;
}

/**
 * Starts snmpd in the namespace. The lab write community only serves to shorten net-snmp's 60 s cache of
 * ipSystemStatsTable (nsCacheTimeout), so counters read between two quick polls are fresh.
 */
async function startAgent(ns: string, spec: LabDevice, dir: string, community: string): Promise<number> {
  mkdirSync(dir, { recursive: true });
  const conf = join(dir, `${spec.name}.conf`);
  const log = join(dir, `${spec.name}.log`);
  const pidFile = join(dir, `${spec.name}.pid`);
  writeFileSync(
    conf,
    [
      `rocommunity ${community} 198.18.0.0/15`,
      `rocommunity6 ${community} 2001:db8::/32`,
      'rwcommunity yn-rd-lab-rw 198.18.0.0/15',
      'rwcommunity6 yn-rd-lab-rw 2001:db8::/32',
      `sysName ${spec.name}`,
      '',
    ].join('\n'),
  );
  const endpoints = [
    ...(spec.listen.includes('ipv4') && spec.ipv4 ? [`udp:${spec.ipv4[1]}:161`] : []),
    ...(spec.listen.includes('ipv6') && spec.ipv6 ? [`udp6:[${spec.ipv6[1]}]:161`] : []),
  ];
  const persist = join(dir, `${spec.name}-persist`);
  mkdirSync(persist, { recursive: true });
  run('ip', ['netns', 'exec', ns, 'env', 'MIBS=', `SNMP_PERSISTENT_DIR=${persist}`, 'snmpd', '-C', '-c', conf, '-Lf', log, '-p', pidFile, '-M', '/nonexistent', ...endpoints]);
  await waitFor(`snmpd in ${ns}`, () => existsSync(pidFile) && Number(readFileSync(pidFile, 'utf8')) > 0 && /NET-SNMP version/.test(readFileSync(log, 'utf8')));
  const target = endpoints[0].replace(/:161$/, '');
  if (!spec.agentCache) run('snmpset', ['-v2c', '-c', 'yn-rd-lab-rw', '-t', '1', '-r', '2', target, '1.3.6.1.4.1.8072.1.5.3.1.2.1.3.6.1.2.1.4.31.1', 'i', '1']);
  return Number(readFileSync(pidFile, 'utf8'));
}

/** Stops a device's snmpd and starts a new one with the same config: sysUpTime restarts, the kernel's counters do not. */
export async function restartAgent(device: RunningDevice, dir: string, community: string): Promise<RunningDevice> {
  await stopPid(device.pid);
  rmSync(join(dir, `${device.spec.name}.pid`), { force: true });
  rmSync(join(dir, `${device.spec.name}.log`), { force: true });
  return { ...device, pid: await startAgent(device.ns, device.spec, dir, community) };
}

export async function startLab(prefix: string, devices: LabDevice[], dir: string, community: string): Promise<RunningDevice[]> {
  await cleanup(prefix);
  const out: RunningDevice[] = [];
  for (const spec of devices) {
    const ns = build(prefix, spec);
    const pid = await startAgent(ns, spec, dir, community);
    const managementAddress = spec.listen[0] === 'ipv4' ? spec.ipv4![1] : spec.ipv6![1];
    out.push({ spec, ns, pid, managementAddress });
  }
  return out;
}
