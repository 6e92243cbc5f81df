import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/index';
import { configSchema } from '../../src/config/schema';
import { syncConfig } from '../../src/inventory/sync';
import { silentLogger } from '../../src/log';
import { seriesRenderer } from '../../src/metrics/series';
import { createAppRegistry } from '../../src/metrics/registry';
import { Fleet } from '../../src/poll/fleet';
import { readSnmprec } from '../support/snmprec';
import { replayAgents, type Script } from '../support/replay-transport';
import type { PollResult } from '../../src/poll/result';
import { databaseTarget } from '../support/database';
import { segmentText } from '../../src/metrics/gzip-segments';

// The poll layer above the SNMP seam, fast and exact: agents replay a recorded Huawei NE40E walk
// (test/fixtures/readiness) with scripted faults. The lab tests against real snmpd stay the truth check.
const NE40E = readSnmprec(path.resolve(import.meta.dirname, '../fixtures/readiness/huawei-ne40e.snmprec'));

async function fleetOf(devices: { name: string; port: number; script?: Script; credential?: string }[], polling: Record<string, unknown> = {}) {
  const { db } = await openDatabase(await databaseTarget(':memory:'));
  const config = configSchema.parse({
    polling,
    credentials: {
      v1: { version: 1, community: 'c' },
      v2c: { version: '2c', community: 'c' },
      v3: { version: 3, username: 'u', auth: { protocol: 'sha', key: 'authkey123' } },
    },
    devices: devices.map((d) => ({ name: d.name, address: '198.18.0.1', port: d.port, credential: d.credential ?? 'v2c' })),
  });
  await syncConfig(db, config);
  const { factory, transports } = replayAgents(Object.fromEntries(devices.map((d) => [`198.18.0.1:${d.port}`, { varbinds: NE40E, script: d.script }])));
  const fleet = new Fleet(db, config.polling, silentLogger, seriesRenderer, undefined, factory);
  const { registry } = createAppRegistry(fleet);
  const transportOf = (port: number) => transports.get(`198.18.0.1:${port}`)!;
  const devicesByState = async () => {
    const m = (await registry.getSingleMetric('yunet_devices')!.get()).values;
    return Object.fromEntries(m.map((v) => [v.labels.state, v.value]));
  };
  return { fleet, transportOf, devicesByState };
}

describe('poll layer over replayed agents', () => {
  it('backs off a dead device: polled in cycles 1, 2, 3, then every 2, 4, 8 (backoff_max_cycles) cycles; yunet_devices says so', async () => {
    const { fleet, transportOf, devicesByState } = await fleetOf([{ name: 'dead', port: 1, script: { silent: true } }, { name: 'alive', port: 2 }], { backoff_after: 3, backoff_max_cycles: 8 });
    const polled: number[] = [];
    const states: Record<number, Record<string, number>> = {};
    for (let cycle = 1; cycle <= 30; cycle++) {
      const before = transportOf(1)?.calls.length ?? 0;
      await fleet.runCycle();
      if ((transportOf(1)?.calls.length ?? 0) > before) polled.push(cycle);
      states[cycle] = await devicesByState();
    }
    expect(polled).toEqual([1, 2, 3, 5, 9, 17, 25]);
    expect(states[1]).toEqual({ up: 1, down: 1, backoff: 0, unknown: 0 });
    expect(states[3]).toEqual({ up: 1, down: 0, backoff: 1, unknown: 0 });
    expect(fleet.states.get('dead')!.errors.map((e) => e.kind)).toEqual(['timeout']);
  });

  it('a community the agent ignores, on an agent that answers v3 discovery, is kind auth', async () => {
    const { fleet } = await fleetOf([{ name: 'wrong-community', port: 1, script: { silent: true, answersDiscovery: true } }]);
    await fleet.runCycle();
    expect(fleet.states.get('wrong-community')!.errors.map((e) => e.kind)).toEqual(['auth']);
  });

  it('steps max-repetitions down 25 → 10 on tooBig, remembers it, and gives up as too_big below 1', async () => {
    const { fleet, transportOf } = await fleetOf([{ name: 'small-pdu', port: 1, script: { tooBigAbove: 10 } }, { name: 'always-toobig', port: 2, script: { tooBigAbove: 0 } }]);
    await fleet.runCycle();
    const bulks = transportOf(1).calls.filter((c) => c.op === 'getBulk').map((c) => c.maxRepetitions);
    // Collectors walk side by side, so the first round asks 25 several times; after the first tooBig, only 10.
    const firstTen = bulks.indexOf(10);
    expect(firstTen).toBeGreaterThan(0);
    expect(new Set(bulks.slice(0, firstTen))).toEqual(new Set([25]));
    expect(new Set(bulks.slice(firstTen))).toEqual(new Set([10]));
    expect(fleet.states.get('small-pdu')!.errors).toEqual([]);
    expect(segmentText(fleet.states.get('small-pdu')!.series.get('yunet_device_max_repetitions')!)).toBe('yunet_device_max_repetitions{device="small-pdu"} 10\n');
    expect(fleet.states.get('always-toobig')!.errors.map((e) => e.kind)).toContain('too_big');
    expect(segmentText(fleet.states.get('always-toobig')!.series.get('yunet_device_max_repetitions')!)).toBe('yunet_device_max_repetitions{device="always-toobig"} 1\n');
  });

  it('a walk that does not advance is walk_loop; the device stays up', async () => {
    const { fleet } = await fleetOf([{ name: 'loop', port: 1, script: { nonIncreasing: true } }]);
    await fleet.runCycle();
    expect(fleet.states.get('loop')!.up).toBe(true);
    expect(fleet.states.get('loop')!.errors.map((e) => e.kind)).toContain('walk_loop');
  });

  it('runs the ip collector every 3rd cycle (every_cycles) and serves its last series, byte for byte, in between', async () => {
    const { fleet, transportOf } = await fleetOf([{ name: 'r1', port: 1 }], { every_cycles: { ip: 3 } });
    const IP_ADDRESS_TABLE = '1.3.6.1.2.1.4.34.1';
    const walkedIp: boolean[] = [];
    const ipSeries: (string | undefined)[] = [];
    for (let cycle = 1; cycle <= 7; cycle++) {
      const before = transportOf(1)?.calls.length ?? 0;
      await fleet.runCycle();
      walkedIp.push(transportOf(1).calls.slice(before).some((c) => c.oids.some((o) => o.startsWith(IP_ADDRESS_TABLE))));
      const ip = fleet.states.get('r1')!.series.get('ipForwarding');
      ipSeries.push(ip && segmentText(ip));
    }
    // The first poll runs it; then once in every 3 cycles, at the device's stagger.
    expect(walkedIp[0]).toBe(true);
    expect(walkedIp.filter(Boolean).length).toBe(3);
    for (let i = 1; i < 7; i++) if (walkedIp[i]) expect(walkedIp.slice(i + 1, i + 3).some(Boolean)).toBe(false);
    expect(new Set(ipSeries)).toEqual(new Set([ipSeries[0]]));
    expect(ipSeries[0]).toMatch(/^ipForwarding\{device="r1"\} 1\n$/);
  });

  it('SNMPv1 walks with GETNEXT, v2c and v3 with GETBULK; v3 never needs the discovery probe', async () => {
    const { fleet, transportOf } = await fleetOf([
      { name: 'v1', port: 1, credential: 'v1' },
      { name: 'v2c', port: 2, credential: 'v2c' },
      { name: 'v3', port: 3, credential: 'v3', script: { silent: true } },
    ]);
    await fleet.runCycle();
    const ops = (port: number) => new Set(transportOf(port).calls.map((c) => c.op));
    expect(ops(1)).toEqual(new Set(['get', 'getNext']));
    expect(ops(2)).toEqual(new Set(['get', 'getBulk']));
    expect(ops(3)).toEqual(new Set(['get']));
    expect(fleet.states.get('v3')!.errors.map((e) => e.kind)).toEqual(['timeout']);
    expect(fleet.states.get('v1')!.up && fleet.states.get('v2c')!.up).toBe(true);
  });

  it('hands every listener one frozen result per device poll, with the typed evidence of that poll parsed once', async () => {
    const { fleet } = await fleetOf([{ name: 'r1', port: 1 }, { name: 'dead', port: 2, script: { silent: true } }]);
    const results: PollResult[] = [];
    fleet.onPolled((r) => results.push(r));
    await fleet.runCycle();
    // Expected values straight from the recording.
    const recorded = (oid: string) => NE40E.find((v) => v.oid === oid)?.value;
    const column = (oid: string) => NE40E.filter((v) => v.oid.startsWith(`${oid}.`));
    const r1 = results.find((r) => r.device.name === 'r1')!;
    expect(Object.isFrozen(r1) && Object.isFrozen(r1.evidence)).toBe(true);
    expect(r1.up).toBe(true);
    expect(r1.evidence.system!.sysName).toBe(String(recorded('1.3.6.1.2.1.1.5.0')));
    const upTime = recorded('1.3.6.1.2.1.1.3.0');
    expect(r1.evidence.system!.sysUpTime).toBe(upTime === undefined ? null : Number(upTime));
    const ifDescr = column('1.3.6.1.2.1.2.2.1.2');
    expect(r1.evidence.interfaces!.map((i) => i.ifIndex)).toEqual(ifDescr.map((v) => Number(v.oid.split('.').at(-1))));
    // The IP evidence names interfaces from the interfaces collector of the same poll.
    const ifName = new Map(column('1.3.6.1.2.1.31.1.1.1.1').map((v) => [Number(v.oid.split('.').at(-1)), String(v.value)]));
    const named = r1.evidence.ip!.interfaces.filter((i) => ifName.has(i.ifIndex));
    expect(named.length).toBeGreaterThan(0);
    for (const i of named) expect(i.name).toBe(ifName.get(i.ifIndex));
    expect(r1.evidence.ipCounters).toEqual(r1.evidence.ip!.counters);
    const dead = results.find((r) => r.device.name === 'dead')!;
    expect(dead).toMatchObject({ up: false, facts: null, evidence: {} });
    expect(dead.errors.map((e) => e.kind)).toEqual(['timeout']);
    expect(results).toHaveLength(2);
  });

  it('values of the wrong type are left out, not misread: the device stays up and the rest of its series stand', async () => {
    const IF_OPER_STATUS = '1.3.6.1.2.1.2.2.1.8';
    const SYS_UPTIME = '1.3.6.1.2.1.1.3';
    const { fleet } = await fleetOf([{ name: 'odd', port: 1, script: { wrongTypes: [IF_OPER_STATUS, SYS_UPTIME] } }, { name: 'r1', port: 2 }]);
    await fleet.runCycle();
    const odd = fleet.states.get('odd')!;
    const r1 = fleet.states.get('r1')!;
    expect(odd.up).toBe(true);
    expect(odd.errors).toEqual([]);
    expect(odd.series.has('ifOperStatus')).toBe(false);
    expect(odd.series.has('sysUpTime')).toBe(false);
    // Everything else is as the well-typed twin reports it.
    const names = (s: typeof odd) => [...s.series.keys()].filter((n) => !n.startsWith('yunet_device_')).sort();
    expect(names(odd)).toEqual(names(r1).filter((n) => n !== 'ifOperStatus' && n !== 'sysUpTime'));
    expect(segmentText(odd.series.get('ifAdminStatus')!).replaceAll('"odd"', '"r1"')).toBe(segmentText(r1.series.get('ifAdminStatus')!));
  });
});
