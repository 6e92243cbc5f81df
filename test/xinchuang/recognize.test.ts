import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { originOf, recognize } from '../../src/xinchuang/recognize';
import { VENDOR_TABLE } from '../../src/xinchuang/vendor-table';
import { readSnmprec } from '../support/snmprec';

const SYS_DESCR = '1.3.6.1.2.1.1.1.0';
const SYS_OBJECT_ID = '1.3.6.1.2.1.1.2.0';

/** sysDescr and sysObjectID as the recorded agent answered them. */
function identityOf(file: string): { descr: string; oid: string } {
  const vbs = readSnmprec(path.join(__dirname, '..', 'fixtures', file));
  const get = (oid: string) => vbs.find((v) => v.oid === oid)!.value;
  return { descr: Buffer.from(get(SYS_DESCR) as Buffer).toString('utf8'), oid: String(get(SYS_OBJECT_ID)) };
}

describe('vendor, model and version from recorded agents', () => {
  it('a Huawei NE40E (readiness recording): Huawei, NE40E, V800R011C10SPC100 — as its sysDescr spells them — domestic', () => {
    const { descr, oid } = identityOf('readiness/huawei-ne40e.snmprec');
    expect(recognize(oid, descr)).toEqual({ vendor: 'Huawei', model: 'NE40E', version: 'V800R011C10SPC100' });
    expect(originOf('Huawei', {})).toBe('domestic');
  });

  it('a Sun Blade 100 (snmpsim recording, enterprise 42): Sun, Sun-Blade-100, foreign', () => {
    const { descr, oid } = identityOf('xinchuang/solaris-system.snmprec');
    expect(recognize(oid, descr)).toEqual({ vendor: 'Sun', model: 'Sun-Blade-100', version: null });
    expect(originOf('Sun', {})).toBe('foreign');
  });

  it('a Cisco Catalyst 3750 (snmpsim cisco_16_switch): Cisco, C3750, 12.2(55)SE10, foreign', () => {
    const { descr, oid } = identityOf('xinchuang/cisco-c3750-system.snmprec');
    expect(descr).toContain('C3750 Software (C3750-IPSERVICESK9-M), Version 12.2(55)SE10,');
    expect(recognize(oid, descr)).toEqual({ vendor: 'Cisco', model: 'C3750', version: '12.2(55)SE10' });
    expect(originOf('Cisco', {})).toBe('foreign');
  });

  it('an HP ProCurve 2810-24G (snmpsim hp_perf): HPE, J9021A, N.11.75, foreign', () => {
    const { descr, oid } = identityOf('xinchuang/hp-procurve-2810-system.snmprec');
    expect(descr).toContain('ProCurve J9021A Switch 2810-24G, revision N.11.75');
    expect(recognize(oid, descr)).toEqual({ vendor: 'HPE', model: 'J9021A', version: 'N.11.75' });
    expect(originOf('HPE', {})).toBe('foreign');
  });

  it('a Linksys BEFSX41 (snmpsim recording, enterprise 3955, not in the table): unknown vendor and origin', () => {
    const { descr, oid } = identityOf('xinchuang/linksys-system.snmprec');
    expect(oid).toBe('1.3.6.1.4.1.3955.1.1');
    expect(recognize(oid, descr)).toEqual({ vendor: null, model: null, version: null });
    expect(originOf(null, {})).toBe('unknown');
  });
});

describe('the vendor table', () => {
  it('uses the IANA private enterprise numbers of the vendors', () => {
    // IANA "Private Enterprise Numbers" registry.
    const iana: Record<number, string> = { 9: 'Cisco', 2011: 'Huawei', 25506: 'H3C', 3902: 'ZTE', 4881: 'Ruijie', 5651: 'Maipu', 6339: 'DCN', 2636: 'Juniper', 30065: 'Arista', 8072: 'Net-SNMP' };
    for (const [n, name] of Object.entries(iana)) expect(VENDOR_TABLE[Number(n)]?.name).toBe(name);
  });

  it('old H3C gear under Huawei\'s arc 2011.10 is H3C', () => {
    expect(recognize('1.3.6.1.4.1.2011.10.1.2', '').vendor).toBe('H3C');
    expect(recognize('.1.3.6.1.4.1.2011.2.23.1', '').vendor).toBe('Huawei');
  });

  it('defaults: the domestic and foreign vendors the programme names', () => {
    for (const v of ['Huawei', 'H3C', 'ZTE', 'Ruijie', 'Maipu', 'DCN']) expect(originOf(v, {})).toBe('domestic');
    for (const v of ['Cisco', 'Juniper', 'Arista']) expect(originOf(v, {})).toBe('foreign');
  });

  it('configured origins win, case-insensitively, and name vendors the table does not know', () => {
    expect(originOf('huawei', { HUAWEI: 'foreign' })).toBe('foreign');
    expect(originOf('Inspur', { inspur: 'domestic' })).toBe('domestic');
    expect(originOf('Inspur', {})).toBe('unknown');
  });

  it('reads at most 1024 characters of a hostile sysDescr, and anything not an enterprise OID is unknown', () => {
    const long = 'x'.repeat(100_000) + ' (NE40E V800R011C10SPC100)';
    expect(recognize('1.3.6.1.4.1.2011.2.62', long)).toEqual({ vendor: 'Huawei', model: null, version: null });
    expect(recognize('1.3.6.1.2.1.1', 'Huawei')).toEqual({ vendor: null, model: null, version: null });
    expect(recognize(null, null).vendor).toBeNull();
  });
});

describe('xinchuang config', () => {
  it('refuses a second target for the same unit and year, an origin outside the three, a ratio above 1 — naming the field', async () => {
    const { xinchuangSchema } = await import('../../src/config/xinchuang');
    const dup = xinchuangSchema.safeParse({ targets: [{ unit: 'a', year: 2026, ratio: 0.5 }, { unit: 'a', year: 2026, ratio: 0.6 }] });
    expect(dup.error?.issues[0]).toMatchObject({ path: ['targets', 1], message: 'duplicate target for unit "a" in 2026' });
    expect(xinchuangSchema.safeParse({ origins: { Cisco: 'local' } }).error?.issues[0].path).toEqual(['origins', 'Cisco']);
    expect(xinchuangSchema.safeParse({ targets: [{ unit: 'a', year: 2026, ratio: 1.5 }] }).error?.issues[0].path).toEqual(['targets', 0, 'ratio']);
    expect(xinchuangSchema.safeParse({ devices: { x: { role: 'edge' } } }).error?.issues[0].path).toEqual(['devices', 'x', 'role']);
  });
});
