import { startMisbehavingAgent, type MisbehavingAgent, type MisbehavingMode } from '../lab/misbehaving-agent';
import { startLabYunet } from '../lab/yunet';
import { startSnmpd } from '../support/snmpd';

export const hostileModes: MisbehavingMode[] = ['junk', 'truncated', 'loop', 'wrong_types', 'huge_strings', 'endless', 'toobig', 'wide'];

export interface DeviceOutcome {
  up: boolean;
  kinds: string[];
  series: string;
}

/**
 * One poll cycle over one misbehaving agent per mode plus a real snmpd, in one yunet: what each device
 * ends with (up, error kinds, its /metrics/devices/<name> text).
 */
export async function pollHostileDevices(polling: Record<string, unknown> = {}): Promise<{ outcomes: Map<string, DeviceOutcome>; cycleSeconds: number }> {
  const agents: MisbehavingAgent[] = [];
  const snmpd = await startSnmpd(['rocommunity public 127.0.0.1', 'sysName healthy-lab']);
  try {
    const devices = [{ name: 'healthy', address: '127.0.0.1', port: snmpd.port, credential: 'c' }];
    for (const mode of hostileModes) {
      const a = await startMisbehavingAgent(mode);
      agents.push(a);
      devices.push({ name: mode, address: '127.0.0.1', port: a.port, credential: 'c' });
    }
    const lab = await startLabYunet({
      polling: { timeout_ms: 500, retries: 0, max_walk_varbinds: 20_000, ...polling },
      credentials: { c: { version: '2c', community: 'public' } },
      devices,
    });
    try {
      const t0 = performance.now();
      await lab.yunet.runCycle();
      const cycleSeconds = (performance.now() - t0) / 1000;
      const outcomes = new Map<string, DeviceOutcome>();
      for (const d of devices) {
        const state = lab.yunet.ctx.fleet.states.get(d.name)!;
        outcomes.set(d.name, { up: state.up === true, kinds: [...new Set(state.errors.map((e) => e.kind))].sort(), series: await lab.metrics(`/metrics/devices/${d.name}`) });
      }
      return { outcomes, cycleSeconds };
    } finally {
      await lab.close();
    }
  } finally {
    for (const a of agents) await a.close();
    snmpd.stop();
  }
}
