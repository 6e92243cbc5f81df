import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRouter, foregroundDaemon, run, startSnmpd, waitFor, type Daemon, type Router } from '../lab';

/**
 * The topology lab: namespaces wired by veth links into a ring (r1–r2–r3–r1) and a star (hub r1 with leaves
 * s1, s2). Each runs snmpd as AgentX master and lldpd with its SNMP subagent, so LLDP-MIB comes from a real
 * LLDP implementation. WIRING is the expected topology: every link with both ends' interface names.
 */
export const PREFIX = 'yn-topo';
export const NODES = ['r1', 'r2', 'r3', 's1', 's2'] as const;
export type Node = (typeof NODES)[number];
export const WIRING: [Node, Node][] = [
  ['r1', 'r2'],
  ['r2', 'r3'],
  ['r3', 'r1'],
  ['r1', 's1'],
  ['r1', 's2'],
];
/** The interface on `a` that faces `b`: named by the lab, e.g. "to-r2". */
export const ifFacing = (b: Node) => `to-${b}`;
export const sysName = (n: Node) => `topo-${n}`;
/** Node i's /30 in 198.19.<net>.0/24 (each test file its own net, so files run in parallel). */
export const address = (i: number, net = 240) => ({ root: `198.19.${net}.${4 * i + 1}`, ns: `198.19.${net}.${4 * i + 2}`, prefixLength: 30 });

export interface TopologyLab {
  routers: Map<Node, Router>;
  daemons: Daemon[];
}

/** `prefix` names the namespaces, `net` picks the addresses: one pair per test file. */
export async function startTopologyLab(dir: string, prefix = PREFIX, net = 240): Promise<TopologyLab> {
  const routers = new Map<Node, Router>();
  NODES.forEach((n, i) => routers.set(n, createRouter({ prefix, name: n, ipv4: address(i, net) })));
  for (const [a, b] of WIRING) {
    const [na, nb] = [routers.get(a)!.ns, routers.get(b)!.ns];
    run('ip', ['link', 'add', ifFacing(b), 'netns', na, 'type', 'veth', 'peer', 'name', ifFacing(a), 'netns', nb]);
    run('ip', ['-n', na, 'link', 'set', ifFacing(b), 'up']);
    run('ip', ['-n', nb, 'link', 'set', ifFacing(a), 'up']);
  }
  // A veth's carrier comes up a moment after `link set up`; snmpd caches the state it sees at start, so start it
  // only once the kernel reports every wired interface up.
  await waitFor('every lab veth up', () =>
    NODES.every((n) => !run('ip', ['-n', routers.get(n)!.ns, '-o', 'link', 'show']).split('\n').some((l) => / to-\w+@/.test(l) && !/state UP/.test(l))),
  );
  // lldpd's lldpcli (run unprivileged to apply the config) must reach the control socket under `dir`.
  chmodSync(dir, 0o755);
  const daemons: Daemon[] = [];
  for (const [i, n] of NODES.entries()) {
    const r = routers.get(n)!;
    const d = join(dir, n);
    mkdirSync(d, { recursive: true });
    const agentx = join(d, 'agentx.sock');
    daemons.push(
      await startSnmpd({
        ns: r.ns,
        name: `snmpd-${n}`,
        dir: d,
        endpoints: [`udp:${address(i, net).ns}:161`],
        config: `rocommunity public\nsysName ${sysName(n)}\nmaster agentx\nagentXSocket ${agentx}\nagentXPerms 0660 0770\n`,
      }),
    );
    const conf = join(d, 'lldpd.conf');
    // One-second transmit interval so the lab converges quickly; port ids carry interface names.
    writeFileSync(conf, `configure system hostname ${sysName(n)}\nconfigure lldp tx-interval 1\nconfigure lldp portidsubtype ifname\n`);
    daemons.push(foregroundDaemon(`lldpd-${n}`, 'ip', ['netns', 'exec', r.ns, 'lldpd', '-d', '-x', '-X', agentx, '-u', join(d, 'lldpd.ctl'), '-O', conf, '-m', address(i, net).ns], { logFile: join(d, 'lldpd.log') }));
  }
  return { routers, daemons };
}
