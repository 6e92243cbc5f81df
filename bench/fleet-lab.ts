import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanupLab, createRouter, startSnmpd, type Snmpd } from '../test/lab/index';

/**
 * A benchmark's lab fleet: one net-snmp snmpd in a network namespace with 48 interfaces (23 veth pairs + lo + eth0),
 * listening on `ports` UDP ports from `firstPort`, each port polled as several devices.
 */
export interface FleetLab {
  /** Names the namespace and its links. */
  prefix: string;
  /** The /30 between the root namespace and the agent's. */
  root: string;
  agent: string;
  firstPort: number;
  ports: number;
  sysName: string;
}

/** Device i polls port firstPort + (i mod ports). */
export function labDevices(lab: FleetLab, n: number, namePrefix: string) {
  return Array.from({ length: n }, (_, i) => ({ name: `${namePrefix}-${String(i).padStart(4, '0')}`, address: lab.agent, port: lab.firstPort + (i % lab.ports), credential: 'public' }));
}

export interface RunningLab {
  ns: string;
  snmpd: Snmpd;
  /** Stops snmpd and removes the namespace. */
  stop(): Promise<void>;
}

/** Creates the namespace and starts its snmpd. */
export async function startFleetLab(lab: FleetLab): Promise<RunningLab> {
  await cleanupLab(lab.prefix);
  const dir = mkdtempSync(join(tmpdir(), 'yunet-bench-lab-'));
  const stop = async (snmpd?: Snmpd) => {
    await snmpd?.stop();
    await cleanupLab(lab.prefix);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // The interfaces exist before snmpd starts (it caches ifTable).
    const router = createRouter({ prefix: lab.prefix, name: 'fleet', ipv4: { root: lab.root, ns: lab.agent, prefixLength: 30 }, vethPairs: 23 });
    const endpoints = Array.from({ length: lab.ports }, (_, i) => `udp:${lab.agent}:${lab.firstPort + i}`);
    const snmpd = await startSnmpd({ ns: router.ns, name: 'fleet', dir, config: `rocommunity public 198.18.0.0/15\nsysName ${lab.sysName}\n`, endpoints });
    return { ns: router.ns, snmpd, stop: () => stop(snmpd) };
  } catch (e) {
    await stop();
    throw e;
  }
}
