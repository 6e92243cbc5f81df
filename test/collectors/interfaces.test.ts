import { describe, expect, it } from 'vitest';
import { interfaces } from '../../collectors/interfaces';
import type { DeviceFacts, Sample } from '../../collectors/types';
import type { Varbind } from '../../src/snmp/types';
import { collectFrom, readSnmprec } from '../support/snmprec';
import { itWith } from '../support/requirements';

const facts: DeviceFacts = { vendor: 'cisco', sysObjectID: '1.3.6.1.4.1.9.1.516', snmpVersion: '2c' };
// Recorded by snmpsim's authors from a real Cisco 3750 stack; shipped in Debian's snmpsim package.
const CISCO_3750 = '/usr/share/doc/snmpsim/examples/data/cisco_16_switch.snmprec.gz';

const vb = (oid: string, type: number, value: Varbind['value']): Varbind => ({ oid, type, value });
const pick = (samples: Sample[], name: string, ifIndex: string) => samples.find((s) => s.name === name && s.labels.ifIndex === ifIndex);

describe('interfaces collector', () => {
  it('labels every series with ifIndex, ifName, ifDescr, ifAlias and keeps Counter64 exact', () => {
    const huge = 18446744073709551000n;
    const data = [
      vb('1.3.6.1.2.1.2.2.1.2.3', 4, Buffer.from('GigabitEthernet0/0/1')),
      vb('1.3.6.1.2.1.2.2.1.8.3', 2, 1),
      vb('1.3.6.1.2.1.31.1.1.1.1.3', 4, Buffer.from('GE0/0/1')),
      vb('1.3.6.1.2.1.31.1.1.1.6.3', 70, huge),
      vb('1.3.6.1.2.1.31.1.1.1.15.3', 66, 1000),
      vb('1.3.6.1.2.1.31.1.1.1.18.3', 4, Buffer.from('至市桥街 "上联"\\', 'utf8')),
    ];
    const samples = interfaces.parse(collectFrom(data, interfaces, facts), facts).samples;
    const octets = pick(samples, 'ifHCInOctets', '3')!;
    expect(octets.value).toBe(huge);
    expect(octets.labels).toEqual({ ifIndex: '3', ifName: 'GE0/0/1', ifDescr: 'GigabitEthernet0/0/1', ifAlias: '至市桥街 "上联"\\' });
    expect(pick(samples, 'ifOperStatus', '3')!.value).toBe(1);
    expect(pick(samples, 'ifHighSpeed', '3')!.value).toBe(1000);
  });

  it('tolerates odd agents: missing ifXTable, rows missing columns, absences, empty tables', () => {
    const data = [
      vb('1.3.6.1.2.1.2.2.1.2.1', 4, Buffer.from('eth0')),
      vb('1.3.6.1.2.1.2.2.1.8.1', 2, 2),
      vb('1.3.6.1.2.1.2.2.1.8.2', 2, 1), // row 2 has no ifDescr
      vb('1.3.6.1.2.1.2.2.1.14.1', 129, null), // noSuchInstance inside a walk
    ];
    const samples = interfaces.parse(collectFrom(data, interfaces, facts), facts).samples;
    expect(samples.filter((s) => s.name === 'ifOperStatus').map((s) => [s.labels.ifIndex, s.labels.ifDescr, s.labels.ifName, s.value])).toEqual([
      ['1', 'eth0', '', 2],
      ['2', '', '', 1],
    ]);
    expect(samples.some((s) => s.name === 'ifInErrors')).toBe(false);
    expect(interfaces.parse(collectFrom([], interfaces, facts), facts).samples).toEqual([]);
  });

  it('decodes GBK interface descriptions from Chinese devices', () => {
    const gbk = Buffer.from('b5e7d0c5c9cfc1aa', 'hex'); // 电信上联 in GBK
    const data = [vb('1.3.6.1.2.1.31.1.1.1.18.7', 4, gbk), vb('1.3.6.1.2.1.2.2.1.8.7', 2, 1)];
    expect(pick(interfaces.parse(collectFrom(data, interfaces, facts), facts).samples, 'ifOperStatus', '7')!.labels.ifAlias).toBe('电信上联');
  });

  it('walks the 32-bit octet counters only for SNMPv1 agents', () => {
    const roots = (v: DeviceFacts['snmpVersion']) => (interfaces.walk as (f: DeviceFacts) => string[])({ ...facts, snmpVersion: v });
    expect(roots('1')).toContain('1.3.6.1.2.1.2.2.1.10');
    expect(roots('2c')).not.toContain('1.3.6.1.2.1.2.2.1.10');
  });

  itWith({ files: [CISCO_3750] })('parses a recorded Cisco 3750 stack', () => {
    const samples = interfaces.parse(collectFrom(readSnmprec(CISCO_3750), interfaces, facts), facts).samples;
    const names = new Set(samples.filter((s) => s.name === 'ifOperStatus').map((s) => s.labels.ifIndex));
    expect(names.size).toBe(59);
    const gi = samples.find((s) => s.name === 'ifHCInOctets' && s.labels.ifName === 'Gi3/0/3');
    expect(gi).toEqual({ name: 'ifHCInOctets', labels: { ifIndex: '11103', ifName: 'Gi3/0/3', ifDescr: 'GigabitEthernet3/0/3', ifAlias: expect.any(String) }, value: 0n });
    expect(pick(samples, 'ifHCInOctets', '60')!.value).toBe(37505809994n);
  });
});
