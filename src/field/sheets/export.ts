/** exceljs weighs ~16 MB of heap: loaded on the first export, not at start. */
const loadExcel = async () => (await import('exceljs')).default;
import { toCsv } from '../../csv';
import type { Db } from '../../../db/index';
import { label, type Lang } from '../labels';
import { view, type Row } from '../records/engine';
import type { Kind } from '../records/kinds';
import { Lookups } from '../records/lookups';

/**
 * A kind's records as a spreadsheet that imports back unchanged: Chinese headers and value names
 * (zh) or the API keys and codes (en).
 */
export async function exportSheet(db: Db, kind: Kind, format: 'csv' | 'xlsx', lang: Lang): Promise<Uint8Array> {
  const lk = await Lookups.load(db);
  const rows = (await db.select().from(kind.table).orderBy(kind.table.id)) as Row[];
  const idCol = kind.idKey === 'id' ? [lang === 'zh' ? '编号' : 'id'] : [];
  const headers = [...idCol, ...kind.fields.map((f) => (lang === 'zh' ? f.zh : f.key))];
  const data: (string | number)[][] = [];
  for (const r of rows) {
    const v = await view(kind, r, lk);
    const cells = kind.fields.map((f) => {
      const x = v[f.key];
      if (x == null) return '';
      if (typeof x === 'number') return x; // a number (RSRP -95) stays a number: only text can be a formula
      return f.type === 'enum' && lang === 'zh' ? label(f.enumGroup!, String(x), 'zh') : String(x);
    });
    data.push(kind.idKey === 'id' ? [v.id as number, ...cells] : cells);
  }
  if (format === 'csv') return Buffer.from(toCsv([headers, ...data]), 'utf8');
  const wb = new (await loadExcel()).Workbook();
  const ws = wb.addWorksheet(kind.name);
  ws.addRow(headers).font = { bold: true };
  for (const d of data) ws.addRow(d);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
