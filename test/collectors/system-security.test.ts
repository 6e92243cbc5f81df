import { describe, expect, it } from 'vitest';
import { system } from '../../collectors/system';
import { snmpSecurity } from '../../collectors/snmp-security';
import type { DeviceFacts } from '../../collectors/types';
import type { Varbind } from '../../src/snmp/types';
import { collectFrom } from '../support/snmprec';

const vb = (oid: string, type: number, value: Varbind['value']): Varbind => ({ oid, type, value });
const facts: DeviceFacts = { vendor: 'huawei', sysObjectID: '1.3.6.1.4.1.2011.2.224.67', snmpVersion: '3' };

describe('system collector', () => {
  it('emits sysUpTime and one info series, decoding GBK sysLocation', () => {
    const data = [
      vb('1.3.6.1.2.1.1.1.0', 4, Buffer.from('Huawei Versatile Routing Platform Software\r\nVRP (R) software, Version 8.180')),
      vb('1.3.6.1.2.1.1.2.0', 6, '1.3.6.1.4.1.2011.2.224.67'),
      vb('1.3.6.1.2.1.1.3.0', 67, 4294967295),
      vb('1.3.6.1.2.1.1.5.0', 4, Buffer.from('PY-CORE-01')),
      vb('1.3.6.1.2.1.1.6.0', 4, Buffer.from('b7acd8aec7f8d5fed6d0d0c4bbfab7bf', 'hex')), // 番禺区政中心机房 in GBK
    ];
    const samples = system.parse(collectFrom(data, system, facts), facts).samples;
    expect(samples[0]).toEqual({ name: 'sysUpTime', labels: {}, value: 4294967295 });
    expect(samples[1]).toEqual({
      name: 'yunet_device_info',
      labels: {
        sys_name: 'PY-CORE-01',
        sys_descr: 'Huawei Versatile Routing Platform Software\r\nVRP (R) software, Version 8.180',
        sys_object_id: '1.3.6.1.4.1.2011.2.224.67',
        sys_location: '番禺区政中心机房',
        sys_contact: '',
        vendor: 'huawei',
      },
      value: 1,
    });
  });
});

describe('snmp-security collector', () => {
  it('reads the snmp group and usmStats counters, skipping absent ones', () => {
    const data = [
      vb('1.3.6.1.2.1.11.1.0', 65, 120345),
      vb('1.3.6.1.2.1.11.4.0', 65, 17),
      vb('1.3.6.1.2.1.11.30.0', 2, 1),
      vb('1.3.6.1.6.3.15.1.1.3.0', 65, 4),
      vb('1.3.6.1.6.3.15.1.1.5.0', 65, 2),
    ];
    const samples = snmpSecurity.parse(collectFrom(data, snmpSecurity, facts), facts).samples;
    expect(Object.fromEntries(samples.map((s) => [s.name, s.value]))).toEqual({
      snmpInPkts: 120345,
      snmpInBadCommunityNames: 17,
      usmStatsUnknownUserNames: 4,
      usmStatsWrongDigests: 2,
      snmpEnableAuthenTraps: 1,
    });
    expect(snmpSecurity.metrics.find((m) => m.name === 'usmStatsWrongDigests')).toMatchObject({ type: 'counter' });
  });
});
