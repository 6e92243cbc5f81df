import { run, tryRun } from './sh';
import { stopPid } from './daemon';

/**
 * Network namespaces joined to the root namespace by veth pairs. Every name starts with the caller's
 * prefix, so clean-up can remove stale leftovers of one suite without touching anyone else's.
 * Addresses must come from 198.18.0.0/15 and 2001:db8::/32.
 */
export interface AddressPair {
  /** Address on the root-namespace side of the veth. */
  root: string;
  /** Address inside the namespace (what yunet polls). */
  ns: string;
  prefixLength: number;
}

export interface RouterSpec {
  /** Prefix shared by everything one suite builds, e.g. "yn-lab". */
  prefix: string;
  /** Short name; the namespace and the root-side veth are `${prefix}-${name}` (at most 15 characters). */
  name: string;
  ipv4?: AddressPair;
  ipv6?: AddressPair;
  /** net.ipv6.conf.all.forwarding inside the namespace (ipv6IpForwarding then reads 1). */
  ipv6Forwarding?: boolean;
  /** Extra veth pairs inside the namespace: each adds two interfaces to the agent's ifTable. */
  vethPairs?: number;
  /** Extra IPv4 prefixes routed from the root namespace into this one (nothing there answers for them). */
  routedIpv4?: string[];
}

export interface Router {
  ns: string;
  rootIf: string;
  spec: RouterSpec;
}

const V4 = /^198\.1[89]\.\d+\.\d+$/;
const V6 = /^2001:0?db8:/i;

function checkAddresses(spec: RouterSpec): void {
  for (const a of [spec.ipv4?.root, spec.ipv4?.ns]) if (a && !V4.test(a)) throw new Error(`lab address ${a} is outside 198.18.0.0/15`);
  for (const a of [spec.ipv6?.root, spec.ipv6?.ns]) if (a && !V6.test(a)) throw new Error(`lab address ${a} is outside 2001:db8::/32`);
  for (const p of spec.routedIpv4 ?? []) if (!V4.test(p.split('/')[0])) throw new Error(`lab route ${p} is outside 198.18.0.0/15`);
}

function ip(args: string[]): string {
  return run('ip', args);
}

/** Builds one namespace router. Interfaces inside exist before any agent starts (snmpd caches ifTable). */
export function createRouter(spec: RouterSpec): Router {
  checkAddresses(spec);
  const ns = `${spec.prefix}-${spec.name}`;
  const rootIf = ns;
  if (rootIf.length > 15) throw new Error(`interface name "${rootIf}" is longer than 15 characters`);
  ip(['netns', 'add', ns]);
  ip(['link', 'add', rootIf, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns]);
  ip(['-n', ns, 'link', 'set', 'lo', 'up']);
  for (let i = 0; i < (spec.vethPairs ?? 0); i++) {
    ip(['-n', ns, 'link', 'add', `ge0-${i}`, 'type', 'veth', 'peer', 'name', `ge1-${i}`]);
    ip(['-n', ns, 'link', 'set', `ge0-${i}`, 'up']);
    // Every other pair keeps one end down so ifOperStatus / ifAdminStatus vary between rows.
    if (i % 2 === 0) ip(['-n', ns, 'link', 'set', `ge1-${i}`, 'up']);
  }
  if (spec.ipv4) {
    ip(['addr', 'add', `${spec.ipv4.root}/${spec.ipv4.prefixLength}`, 'dev', rootIf]);
    ip(['-n', ns, 'addr', 'add', `${spec.ipv4.ns}/${spec.ipv4.prefixLength}`, 'dev', 'eth0']);
  }
  if (spec.ipv6) {
    ip(['-6', 'addr', 'add', `${spec.ipv6.root}/${spec.ipv6.prefixLength}`, 'dev', rootIf, 'nodad']);
    ip(['-n', ns, '-6', 'addr', 'add', `${spec.ipv6.ns}/${spec.ipv6.prefixLength}`, 'dev', 'eth0', 'nodad']);
  }
  ip(['link', 'set', rootIf, 'up']);
  ip(['-n', ns, 'link', 'set', 'eth0', 'up']);
  if (spec.ipv6Forwarding) run('ip', ['netns', 'exec', ns, 'sysctl', '-qw', 'net.ipv6.conf.all.forwarding=1']);
  for (const p of spec.routedIpv4 ?? []) {
    if (!spec.ipv4) throw new Error(`router ${ns}: routedIpv4 needs an ipv4 link`);
    ip(['route', 'add', p, 'via', spec.ipv4.ns, 'dev', rootIf]);
  }
  return { ns, rootIf, spec };
}

/**
 * Removes what a suite with this prefix left behind: processes inside its namespaces, the namespaces,
 * and root-namespace links of that prefix. Names of other prefixes are never touched.
 */
export async function cleanupLab(prefix: string): Promise<void> {
  if (!/^[a-z0-9-]+$/.test(prefix)) throw new Error(`bad lab prefix "${prefix}"`);
  const mine = (name: string) => name.startsWith(`${prefix}-`);
  const namespaces = tryRun('ip', ['netns', 'list']).stdout.split('\n').map((l) => l.split(' ')[0]).filter((n) => n && mine(n));
  for (const ns of namespaces) {
    const pids = tryRun('ip', ['netns', 'pids', ns]).stdout.split('\n').map(Number).filter((p) => p > 0);
    await Promise.all(pids.map((p) => stopPid(p, 1000)));
    tryRun('ip', ['netns', 'delete', ns]);
  }
  const links = tryRun('ip', ['-o', 'link', 'show']).stdout.split('\n').map((l) => l.split(': ')[1]?.split('@')[0]).filter((n): n is string => !!n && mine(n));
  for (const l of links) tryRun('ip', ['link', 'delete', l]);
}
