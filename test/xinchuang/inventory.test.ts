import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { xinchuangSchema } from '../../src/config/xinchuang';
import { classify, summary, type DeviceInput } from '../../src/xinchuang/inventory';
import { replacementExport } from '../../src/xinchuang/service';

/**
 * The fixture inventory: two units and one device without a unit. Identities are sysObjectIDs under the
 * vendors' IANA enterprise numbers (Huawei 2011, H3C 25506, Ruijie 4881, Cisco 9, Juniper 2636, Net-SNMP 8072).
 */
const dev = (name: string, unit: string | null, role: string | null, sysObjectID: string | null, sysLocation: string | null = null): DeviceInput => ({ name, unit, role, sysObjectID, sysDescr: null, sysLocation });
const inventory: DeviceInput[] = [
  dev('bu-core', 'bureau', 'core', '1.3.6.1.4.1.2011.2.62.2.3', '区政务中心 3F'),
  dev('bu-agg', 'bureau', 'aggregation', '1.3.6.1.4.1.9.1.1208', '区政务中心 3F'),
  dev('bu-acc', 'bureau', 'access', '1.3.6.1.4.1.25506.1.1'),
  dev('bu-sec', 'bureau', 'security', '1.3.6.1.4.1.8072.3.2.10', '=cmd|evil'),
  dev('sq-1', 'shiqiao', 'access', '1.3.6.1.4.1.4881.1.1.10.1.1'),
  dev('sq-2', 'shiqiao', 'access', '1.3.6.1.4.1.9.1.516', '市桥街 机房'),
  // Never answered; the operator states it is a Maipu MP2900 access router.
  dev('sq-3', 'shiqiao', null, null),
  dev('jn-1', null, 'core-ish', '1.3.6.1.4.1.2636.1.1.1.2.29'),
];
const cfg = xinchuangSchema.parse({
  devices: { 'sq-3': { vendor: 'Maipu', model: 'MP2900', role: 'access' } },
  targets: [
    { unit: 'bureau', year: 2026, ratio: 0.6 },
    { unit: 'shiqiao', year: 2026, ratio: 0.6 },
    { unit: '*', year: 2026, ratio: 0.5 },
    { unit: 'bureau', year: 2027, ratio: 0.4 },
  ],
});
const devices = classify(inventory, cfg);

describe('per-unit and district domestic shares (worked out by hand from the fixture inventory)', () => {
  const s = summary(devices, cfg, 2026);

  it('bureau: Huawei and H3C domestic, Cisco foreign, Net-SNMP unknown → 2/4 = 50 %, below its 60 % target', () => {
    const b = s.units.find((u) => u.unit === 'bureau')!;
    expect([b.total, b.domestic, b.foreign, b.unknown, b.ratio, b.target, b.met]).toEqual([4, 2, 1, 1, 0.5, 0.6, false]);
    expect(b.byRole.core).toEqual({ total: 1, domestic: 1, foreign: 0, unknown: 0, ratio: 1 });
    expect(b.byRole.aggregation.ratio).toBe(0);
  });

  it('shiqiao: Ruijie and the overridden Maipu domestic, Cisco foreign → 2/3, meets 60 %', () => {
    const q = s.units.find((u) => u.unit === 'shiqiao')!;
    expect([q.total, q.domestic, q.foreign, q.unknown, q.target, q.met]).toEqual([3, 2, 1, 0, 0.6, true]);
    expect(q.ratio).toBeCloseTo(2 / 3, 12);
    expect(q.byRole.access.total).toBe(3);
  });

  it('a device without a unit counts under "(none)"; a role outside the four is "unassigned"', () => {
    const n = s.units.find((u) => u.unit === '(none)')!;
    expect([n.total, n.foreign, n.ratio, n.target, n.met]).toEqual([1, 1, 0, null, null]);
    expect(n.byRole.unassigned.total).toBe(1);
  });

  it('district: 4 domestic of 8 = 50 %, meets its 50 % target; access 3 of 4 domestic', () => {
    const d = s.district;
    expect([d.unit, d.total, d.domestic, d.foreign, d.unknown, d.ratio, d.target, d.met]).toEqual(['*', 8, 4, 3, 1, 0.5, 0.5, true]);
    expect(d.byRole.access).toEqual({ total: 4, domestic: 3, foreign: 1, unknown: 0, ratio: 0.75 });
  });

  it('targets are per year', () => {
    const b27 = summary(devices, cfg, 2027).units.find((u) => u.unit === 'bureau')!;
    expect([b27.target, b27.met]).toEqual([0.4, true]);
    expect(summary(devices, cfg, 2025).district.target).toBeNull();
  });
});

describe('the replacement export', () => {
  // Foreign or unknown origin, by unit then name: jn-1 (Juniper), bu-agg (Cisco), bu-sec (Net-SNMP), sq-2 (Cisco).
  it('CSV: BOM, Chinese headings, the four devices in order, formulas defused', async () => {
    const csv = Buffer.from(await replacementExport(devices, 'csv', 'zh')).toString('utf8');
    expect(csv.split('\r\n').join('\n')).toBe(
      '\ufeff单位,设备,厂商,型号,软件版本,角色,产地,位置\n' +
        '(none),jn-1,Juniper,,,unassigned,foreign,\n' +
        'bureau,bu-agg,Cisco,,,aggregation,foreign,区政务中心 3F\n' +
        "bureau,bu-sec,Net-SNMP,,,security,unknown,'=cmd|evil\n" +
        'shiqiao,sq-2,Cisco,,,access,foreign,市桥街 机房\n',
    );
  });

  it('XLSX: the same rows, read back with exceljs', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await replacementExport(devices, 'xlsx', 'en')) as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    wb.worksheets[0].eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    expect(rows[0]).toEqual(['unit', 'name', 'vendor', 'model', 'version', 'role', 'origin', 'location']);
    expect(rows.map((r) => r[1])).toEqual(['name', 'jn-1', 'bu-agg', 'bu-sec', 'sq-2']);
    expect(rows[3][7]).toBe('=cmd|evil');
  });
});
