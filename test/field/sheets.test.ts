import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { stringify } from 'csv-stringify/sync';
import { sql } from 'drizzle-orm';
import { openDatabase, rows, type Store } from '../../db/index';
import { databaseTarget } from '../support/database';
import { importSheet } from '../../src/field/sheets/import';
import { exportSheet } from '../../src/field/sheets/export';
import { blindSpotKind, hazardKind, stationKind } from '../../src/field/records/kinds';
import { ColumnsError } from '../../src/field/sheets/columns';
import { DecodeError } from '../../src/field/sheets/decode';

const actor = { name: 'coordinator-1', role: 'coordinator' as const };
let database: Store;
beforeEach(async () => {
  database = await openDatabase(await databaseTarget(':memory:'));
});
afterEach(() => database.close());

const zhHeader = ['站点编码', '站点名称', '运营商', '镇街', '村居', '纬度', '经度', '站型', '计划年份', '状态', '开通日期'];
const zhRow = (i: number, over: Partial<Record<string, string>> = {}) => {
  const r: Record<string, string> = { code: `PY-${i}`, name: `南村${i}号站`, op: '中国移动', town: '南村镇', village: '坑头村', lat: '22.99', lon: '113.38', type: '宏站', year: '2023', status: '已开通', onair: '2023-06-0' + ((i % 9) + 1), ...over };
  return [r.code, r.name, r.op, r.town, r.village, r.lat, r.lon, r.type, r.year, r.status, r.onair];
};
const csv = (rows: string[][]) => stringify(rows);
const all = (q: ReturnType<typeof sql>) => rows<Record<string, unknown>>(database.db, q);
const one = async (q: ReturnType<typeof sql>) => (await all(q))[0];
const count = async (table: string) => (await one(sql`SELECT count(*) AS n FROM ${sql.identifier(table)}`)).n;

describe('spreadsheet import', () => {
  it('reads a GB18030 CSV with Chinese headers and values (what Chinese Excel writes)', async () => {
    const file = iconv.encode(csv([zhHeader, zhRow(1), zhRow(2, { type: '室分', status: '建设中', onair: '' })]), 'gb18030');
    const r = await importSheet(database.db, stationKind, file, actor, { dryRun: false });
    expect(r).toMatchObject({ format: 'csv', charset: 'gb18030', created: 2, rejected: [], applied: true });
    const rows = await all(sql`SELECT s.code, s.type, s.status, s.on_air_on, t.name town, v.name village FROM stations s JOIN towns t ON t.id = s.town_id JOIN villages v ON v.id = s.village_id ORDER BY code`);
    expect(rows).toEqual([
      { code: 'PY-1', type: 'macro', status: 'on_air', on_air_on: '2023-06-02', town: '南村镇', village: '坑头村' },
      { code: 'PY-2', type: 'indoor', status: 'under_construction', on_air_on: null, town: '南村镇', village: '坑头村' },
    ]);
    // Audited in the same transaction, one entry per record, with who did it.
    expect(await one(sql`SELECT count(*) n, max(actor) actor FROM audit_log WHERE entity = 'station' AND action = 'import'`)).toEqual({ n: 2, actor: 'coordinator-1' });
  });

  it('reads UTF-8 with and without BOM, English headers and codes, tab-separated too', async () => {
    const en = ['code', 'name', 'operator', 'town', 'type', 'planned_year'];
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv([en, ['A-1', '沙湾一号', 'China Unicom', '沙湾街', 'micro', '2024']]))]);
    const r1 = await importSheet(database.db, stationKind, withBom, actor, { dryRun: false });
    expect(r1).toMatchObject({ charset: 'utf-8', created: 1, applied: true });
    const tsv = Buffer.from([[...en, 'notes'].join('\t'), ['A-2', '沙湾二号', '中国电信', '沙湾街', 'macro', '2024', '楼顶;需协调物业, 周末施工'].join('\t')].join('\n'));
    const r2 = await importSheet(database.db, stationKind, tsv, actor, { dryRun: false });
    expect(r2).toMatchObject({ charset: 'utf-8', created: 1, applied: true });
    expect(await all(sql`SELECT operator, notes FROM stations ORDER BY code`)).toEqual([
      { operator: '中国联通', notes: null },
      { operator: '中国电信', notes: '楼顶;需协调物业, 周末施工' },
    ]);
  });

  it('reads an XLSX workbook, dates typed as Excel dates', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('基站');
    ws.addRow(zhHeader);
    ws.addRow([...zhRow(7).slice(0, 5), 22.95, 113.4, '微站', 2023, '已开通', new Date(Date.UTC(2023, 9, 8))]);
    const file = new Uint8Array(await wb.xlsx.writeBuffer());
    const r = await importSheet(database.db, stationKind, file, actor, { dryRun: false });
    expect(r).toMatchObject({ format: 'xlsx', created: 1, applied: true });
    expect(await one(sql`SELECT type, latitude, on_air_on FROM stations`)).toEqual({ type: 'micro', latitude: 22.95, on_air_on: '2023-10-08' });
  });

  it('upserts stations by code, and a dry run previews created / changed / rejected without storing', async () => {
    await importSheet(database.db, stationKind, Buffer.from(csv([zhHeader, zhRow(1), zhRow(2)])), actor, { dryRun: false });
    const file = Buffer.from(csv([zhHeader, zhRow(1), zhRow(2, { name: '改名站' }), zhRow(3)]));
    const dry = await importSheet(database.db, stationKind, file, actor, { dryRun: true });
    expect(dry).toMatchObject({ created: 1, changed: 1, unchanged: 1, rejected: [], applied: false, dry_run: true });
    expect(dry.preview).toEqual([
      { row: 3, action: 'change', key: 'PY-2', fields: ['name'] },
      { row: 4, action: 'create', key: 'PY-3', fields: [] },
    ]);
    expect(await count('stations')).toBe(2);
    const real = await importSheet(database.db, stationKind, file, actor, { dryRun: false });
    expect(real).toMatchObject({ created: 1, changed: 1, applied: true });
    expect(await one(sql`SELECT name FROM stations WHERE code = 'PY-2'`)).toEqual({ name: '改名站' });
  });

  it('refuses a file with wrong columns as a whole, naming them', async () => {
    const file = Buffer.from(csv([['站点编码', '名字', 'operator', '镇街', '站型', '计划年份'], ['X', 'y', '中国移动', '南村镇', '宏站', '2023']]));
    const err = await importSheet(database.db, stationKind, file, actor, { dryRun: true }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(ColumnsError);
    expect((err as Error).message).toMatch(/unknown column\(s\) "名字"; missing required column\(s\) 站点名称 \(name\)/);
  });

  it('refuses a wrong encoding (Latin-1) and binary files, saying what to do', async () => {
    const latin1 = Buffer.from('code,name,operator,town,type,planned_year\nX-1,Café,中国移动,南村镇,macro,2023\n', 'latin1');
    const e1 = await importSheet(database.db, stationKind, latin1, actor, { dryRun: true }).catch((e: Error) => e);
    expect(e1).toBeInstanceOf(DecodeError);
    expect((e1 as Error).message).toMatch(/neither UTF-8 nor GB18030\/GBK text \(undecodable byte 0x\w\w on line 2\)/);
    const e2 = await importSheet(database.db, stationKind, Buffer.from([0x41, 0, 0x42]), actor, { dryRun: true }).catch((e: Error) => e);
    expect((e2 as Error).message).toMatch(/not text/);
    expect(await count('stations')).toBe(0);
  });

  it('reports every bad row with row number, column and reason: unknown town, coordinates, duplicate code, illegal dates', async () => {
    const file = Buffer.from(
      csv([
        zhHeader,
        zhRow(1),
        zhRow(2, { town: '天河区' }),
        zhRow(3, { lat: '95' }),
        zhRow(1, { name: 'again' }),
        zhRow(5, { status: '已审批' }),
        zhRow(6, { type: '塔站', year: '二〇二三' }),
      ]),
    );
    const r = await importSheet(database.db, stationKind, file, actor, { dryRun: false });
    expect(r.applied).toBe(false);
    expect(r.rejected).toEqual([
      { row: 3, column: '镇街', reason: expect.stringMatching(/^unknown town "天河区" \(towns: 市桥街、/) },
      { row: 4, column: '纬度', reason: 'latitude must be between -90 and 90 (WGS-84)' },
      { row: 5, column: '站点编码', reason: 'duplicate code "PY-1" (also on row 2)' },
      { row: 6, column: '开通日期', reason: 'set but the station is approved, not yet on_air' },
      { row: 7, column: '站型', reason: expect.stringMatching(/^"塔站" is not one of 宏站\/macro/) },
      { row: 7, column: '计划年份', reason: '"二〇二三" is not a number' },
    ]);
    expect(await count('stations')).toBe(0);
    expect(await count('audit_log')).toBe(0);
  });

  it('audits every record of a large import once, the entry naming the record it is about', async () => {
    // 1,234 rows: audit entries are written a few hundred per statement, so this crosses full batches and a remainder.
    const file = iconv.encode(csv([zhHeader, ...Array.from({ length: 1_234 }, (_, i) => zhRow(i))]), 'gb18030');
    const r = await importSheet(database.db, stationKind, file, actor, { dryRun: false });
    expect(r).toMatchObject({ created: 1_234, applied: true });
    const entries = await all(sql`SELECT a.entity_id, a.after, a.actor, a.action, s.code FROM audit_log a LEFT JOIN stations s ON CAST(s.id AS TEXT) = a.entity_id WHERE a.entity = 'station'`);
    expect(entries).toHaveLength(1_234);
    for (const e of entries) {
      expect(e).toMatchObject({ actor: 'coordinator-1', action: 'import' });
      expect(JSON.parse(e.after as string)).toMatchObject({ code: e.code, id: Number(e.entity_id) });
    }
    expect(new Set(entries.map((e) => e.code)).size).toBe(1_234);
  });

  it('stores nothing when one row among 10,000 is bad', async () => {
    const rows = [zhHeader, ...Array.from({ length: 10_000 }, (_, i) => zhRow(i, i === 7_777 ? { onair: '2023-13-01' } : {}))];
    const file = iconv.encode(csv(rows), 'gb18030');
    const r = await importSheet(database.db, stationKind, file, actor, { dryRun: false });
    expect(r.rejected).toEqual([{ row: 7_779, column: '开通日期', reason: '"2023-13-01" is not a date (write 2023-05-01)' }]);
    expect(r.applied).toBe(false);
    expect(await count('stations')).toBe(0);
    expect(await count('villages')).toBe(0);
    expect(await count('audit_log')).toBe(0);
  });

  it('exports what imports back unchanged (blind spots and hazards by id)', async () => {
    const spots = Buffer.from(
      csv([
        ['盲点名称', '镇街', '类别', '来源', '上报日期', '状态', '解决方式', '解决日期', '处理前RSRP'],
        ['钟村工业园', '钟村街', '企业', '企业走访', '2023-03-01', '已解决', '室内分布系统', '2023-05-01', '-118'],
        ['大石隧道', '大石街', '道路交通', '路测', '2023-04-01', '无法解决', '', '', ''],
      ]),
    );
    const bad = await importSheet(database.db, blindSpotKind, spots, actor, { dryRun: true });
    expect(bad.rejected).toEqual([
      { row: 3, column: 'closed_on', reason: 'required for status closed_unresolvable' },
      { row: 3, column: 'status_reason', reason: 'a reason is required to close a blind spot as unresolvable' },
    ]);
    const hz = Buffer.from(csv([['镇街', '村居', '线路类型', '隐患类型', '严重程度', '权属单位', '发现日期', '整改期限'], ['石楼镇', '大岭村', '广电线', '乱拉乱挂', '严重', '广电网络', '2023-02-01', '2023-03-01']]));
    expect(await importSheet(database.db, hazardKind, hz, actor, { dryRun: false })).toMatchObject({ created: 1, applied: true });
    const exported = await exportSheet(database.db, hazardKind, 'csv', 'zh');
    expect(Buffer.from(exported).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(await importSheet(database.db, hazardKind, exported, actor, { dryRun: false })).toMatchObject({ created: 0, changed: 0, unchanged: 1, applied: true });
    const xlsx = await exportSheet(database.db, hazardKind, 'xlsx', 'en');
    expect(await importSheet(database.db, hazardKind, xlsx, actor, { dryRun: false })).toMatchObject({ format: 'xlsx', unchanged: 1, applied: true });
  });
});
