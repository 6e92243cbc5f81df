import dgram from 'node:dgram';
import { configSchema, type Config } from '../config/schema';
import { startAgent, type AgentBinding, type RunningAgent } from './agent';
import { interfacesMib } from './mib/interfaces';
import { ipMib } from './mib/ip';
import { lldpMib } from './mib/lldp';
import { mergeSpecs, type MibSpec } from './mib/spec';
import { systemMib } from './mib/system';
import { vendorMib } from './mib/vendor';
import type { DemoDevice } from './model';
import { demoDevices } from './models/index';
import { demoCredentials, demoSrv6Block, demoUnits } from './units';

export interface DemoFleetOptions {
  /** Milliseconds since the epoch; tests pass a clock they move by hand. Defaults to Date.now. */
  clock?: () => number;
  devices?: DemoDevice[];
}

export interface DemoFleet {
  /** The base configuration plus the demo credentials, units and devices pointing at the agents. */
  config: Config;
  /** Where each device's agent listens, by inventory name. */
  agents: Map<string, { address: string; port: number }>;
  close(): Promise<void>;
}

/** Every MIB a demo device serves; LLDP from the demo wiring among `fleet`. */
export function deviceMib(d: DemoDevice, fleet: DemoDevice[] = demoDevices): MibSpec {
  return mergeSpecs(systemMib(d), interfacesMib(d), ipMib(d), vendorMib(d), lldpMib(d, fleet));
}

/**
 * Starts one in-process SNMP agent per demo device on loopback (free ports picked at start) and returns
 * the configuration that polls them. Devices managed over IPv6 are polled at ::1 where the host has IPv6.
 */
export async function startDemoFleet(base: Config, opts: DemoFleetOptions = {}): Promise<DemoFleet> {
  const clock = opts.clock ?? Date.now;
  const started = clock();
  const seconds = () => Math.max(0, (clock() - started) / 1000);
  const ipv6 = await loopbackIpv6();
  const credentials = Object.values(demoCredentials).map((c) => c.credential);
  const running: RunningAgent[] = [];
  const agents = new Map<string, { address: string; port: number }>();
  const devices: Record<string, unknown>[] = [];
  try {
    const fleet = opts.devices ?? demoDevices;
    for (const d of fleet) {
      const overIpv6 = d.managedOverIpv6 === true && ipv6;
      const bindings: AgentBinding[] = [{ transport: 'udp4', address: '127.0.0.1' }];
      if (overIpv6) bindings.push({ transport: 'udp6', address: '::1' });
      const agent = await startAgent(deviceMib(d, fleet), credentials, bindings, seconds);
      running.push(agent);
      const address = overIpv6 ? '::1' : '127.0.0.1';
      agents.set(d.name, { address, port: agent.port });
      devices.push({
        name: d.name,
        address,
        port: agent.port,
        credential: demoCredentials[d.credential].name,
        unit: d.unit,
        role: d.role,
        vendor: 'auto',
        ...(d.srv6 ? { srv6: d.srv6 } : {}),
      });
    }
  } catch (e) {
    await Promise.all(running.map((a) => a.close()));
    throw e;
  }
  const config = configSchema.parse({
    ...base,
    credentials: { ...base.credentials, ...Object.fromEntries(Object.values(demoCredentials).map((c) => [c.name, c.credential])) },
    units: [...base.units, ...demoUnits.filter((u) => !base.units.some((b) => b.name === u.name))],
    devices: [...base.devices, ...devices],
    srv6: { ...base.srv6, locator_block: base.srv6?.locator_block ?? demoSrv6Block },
  });
  return {
    config,
    agents,
    close: async () => {
      await Promise.all(running.map((a) => a.close()));
    },
  };
}

/** Whether ::1 can be bound here (containers sometimes run without IPv6). */
function loopbackIpv6(): Promise<boolean> {
  return new Promise((resolve) => {
    const s = dgram.createSocket('udp6');
    s.once('error', () => {
      s.close();
      resolve(false);
    });
    s.bind(0, '::1', () => {
      s.close();
      resolve(true);
    });
  });
}
