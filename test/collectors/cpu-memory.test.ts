import { describe, expect, it } from 'vitest';
import { hostResources } from '../../collectors/host-resources';
import { huaweiCpuMemory } from '../../collectors/vendor/huawei';
import { h3cCpuMemory } from '../../collectors/vendor/h3c';
import { ciscoCpuMemory } from '../../collectors/vendor/cisco';
import { ruijieCpuMemory } from '../../collectors/vendor/ruijie';
import { zteCpuMemory } from '../../collectors/vendor/zte';
import { vendorFromSysObjectID } from '../../collectors/vendor/detect';
import type { Collector, DeviceFacts, Sample } from '../../collectors/types';
import type { Varbind } from '../../src/snmp/types';
import { collectFrom, readSnmprec } from '../support/snmprec';
import { itWith } from '../support/requirements';

const LINUX = '/usr/share/doc/snmpsim/examples/data/recorded/linux-full-walk.snmprec.gz';
const vb = (oid: string, type: number, value: Varbind['value']): Varbind => ({ oid, type, value });
const facts = (vendor: DeviceFacts['vendor'], sysObjectID = ''): DeviceFacts => ({ vendor, sysObjectID, snmpVersion: '2c' });
const run = (c: Collector, data: Varbind[], f: DeviceFacts) => c.parse(collectFrom(data, c, f), f).samples;
const usage = (samples: Sample[]) =>
  samples
    .filter((s) => s.name.startsWith('yunet_device_'))
    .map((s) => [s.name.replace('yunet_device_', '').replace('_usage_ratio', ''), s.labels.entity, s.value]);

describe('vendor detection', () => {
  it('maps sysObjectID enterprise numbers, with old H3C under Huawei’s arc', () => {
    expect(vendorFromSysObjectID('1.3.6.1.4.1.2011.2.224.67')).toBe('huawei');
    expect(vendorFromSysObjectID('1.3.6.1.4.1.2011.10.1.88')).toBe('h3c');
    expect(vendorFromSysObjectID('1.3.6.1.4.1.25506.1.1208')).toBe('h3c');
    expect(vendorFromSysObjectID('1.3.6.1.4.1.9.1.516')).toBe('cisco');
    expect(vendorFromSysObjectID('1.3.6.1.4.1.4881.1.1.10.1.1')).toBe('ruijie');
    expect(vendorFromSysObjectID('1.3.6.1.4.1.3902.3.100.1')).toBe('zte');
    expect(vendorFromSysObjectID('1.3.6.1.4.1.8072.3.2.10')).toBe('linux');
    expect(vendorFromSysObjectID('1.3.6.1.4.1.20110.1')).toBe('unknown');
    expect(vendorFromSysObjectID(null)).toBe('unknown');
  });
});

describe('CPU and memory collectors', () => {
  it('Huawei: skips entities without a CPU threshold, names boards by entPhysicalName', () => {
    const data = [
      vb('1.3.6.1.4.1.2011.5.25.31.1.1.1.1.5.16842753', 2, 23),
      vb('1.3.6.1.4.1.2011.5.25.31.1.1.1.1.5.16842754', 2, 0),
      vb('1.3.6.1.4.1.2011.5.25.31.1.1.1.1.6.16842753', 2, 80),
      vb('1.3.6.1.4.1.2011.5.25.31.1.1.1.1.6.16842754', 2, 0),
      vb('1.3.6.1.4.1.2011.5.25.31.1.1.1.1.7.16842753', 2, 61),
      vb('1.3.6.1.4.1.2011.5.25.31.1.1.1.1.7.16842754', 2, 0),
      vb('1.3.6.1.2.1.47.1.1.1.1.7.16842753', 4, Buffer.from('MPU Board 1')),
    ];
    expect(usage(run(huaweiCpuMemory, data, facts('huawei')))).toEqual([
      ['cpu', 'MPU Board 1', 0.23],
      ['memory', 'MPU Board 1', 0.61],
    ]);
  });

  it('H3C: reads the new and the old (2011.10) arc, skipping all-zero entities', () => {
    const row = (root: string) => [vb(`${root}.6.12`, 2, 7), vb(`${root}.8.12`, 2, 44), vb(`${root}.6.13`, 2, 0), vb(`${root}.8.13`, 2, 0)];
    const fresh = facts('h3c', '1.3.6.1.4.1.25506.1.1208');
    expect(usage(run(h3cCpuMemory, row('1.3.6.1.4.1.25506.2.6.1.1.1.1'), fresh))).toEqual([
      ['cpu', 'entity12', 0.07],
      ['memory', 'entity12', 0.44],
    ]);
    const old = facts('h3c', '1.3.6.1.4.1.2011.10.1.88');
    expect(usage(run(h3cCpuMemory, row('1.3.6.1.4.1.2011.10.2.6.1.1.1.1'), old))).toHaveLength(2);
  });

  it('Cisco: 5-minute CPU and memory pools used / (used + free)', () => {
    const data = [
      vb('1.3.6.1.4.1.9.9.109.1.1.1.1.8.1', 66, 12),
      vb('1.3.6.1.4.1.9.9.48.1.1.1.2.1', 4, Buffer.from('Processor')),
      vb('1.3.6.1.4.1.9.9.48.1.1.1.5.1', 66, 30_000_000),
      vb('1.3.6.1.4.1.9.9.48.1.1.1.6.1', 66, 90_000_000),
    ];
    expect(usage(run(ciscoCpuMemory, data, facts('cisco')))).toEqual([
      ['cpu', 'cpu1', 0.12],
      ['memory', 'Processor', 0.25],
    ]);
  });

  it('Ruijie and ZTE', () => {
    expect(usage(run(ruijieCpuMemory, [vb('1.3.6.1.4.1.4881.1.1.10.2.36.1.1.3.0', 66, 9), vb('1.3.6.1.4.1.4881.1.1.10.2.35.1.1.1.3.1', 66, 52)], facts('ruijie')))).toEqual([
      ['cpu', 'system', 0.09],
      ['memory', 'memory1', 0.52],
    ]);
    expect(usage(run(zteCpuMemory, [vb('1.3.6.1.4.1.3902.3.3.1.1.12.1', 2, 31), vb('1.3.6.1.4.1.3902.3.3.1.1.4.1', 2, 70)], facts('zte')))).toEqual([
      ['cpu', 'board1', 0.31],
      ['memory', 'board1', 0.7],
    ]);
  });

  it('an agent without the vendor MIB yields no samples rather than an error', () => {
    for (const c of [huaweiCpuMemory, h3cCpuMemory, ciscoCpuMemory, ruijieCpuMemory, zteCpuMemory, hostResources]) expect(run(c, [], facts('unknown'))).toEqual([]);
  });

  itWith({ files: [LINUX] })('HOST-RESOURCES on a recorded Linux host: per-CPU load, RAM without buffers and cache', () => {
    const samples = run(hostResources, readSnmprec(LINUX), facts('linux'));
    const u = usage(samples);
    expect(u.filter(([k]) => k === 'cpu')).toEqual([
      ['cpu', 'cpu768', 0.13],
      ['cpu', 'cpu769', 0.09],
    ]);
    const [, entity, ratio] = u.find(([k]) => k === 'memory')!;
    expect(entity).toBe('Physical memory');
    expect(ratio).toBeCloseTo((958176 - 23900 - 207040) / 1021976, 9);
    expect(samples.find((s) => s.name === 'hrStorageSize' && s.labels.hrStorageDescr === '/')!.value).toBe(2164327 * 4096);
  });
});
