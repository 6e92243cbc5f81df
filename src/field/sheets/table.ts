import type ExcelJS from 'exceljs';

/** exceljs weighs ~16 MB of heap: loaded on the first workbook, not at start. */
const loadExcel = async () => (await import('exceljs')).default;
import { parse } from 'csv-parse/sync';
import { decodeText, DecodeError, type Charset } from './decode';

/** A spreadsheet read into strings: header cells and data rows, with the sheet row number of each. */
export interface Table {
  format: 'csv' | 'xlsx';
  charset: Charset | null;
  headers: string[];
  rows: { line: number; cells: string[] }[];
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** Reads CSV or XLSX, told apart by content (an .xlsx is a ZIP archive), not by the file name. */
export async function readTable(buf: Uint8Array): Promise<Table> {
  if (ZIP_MAGIC.every((b, i) => buf[i] === b)) return readXlsx(buf);
  return readCsv(buf);
}

export function readCsv(buf: Uint8Array): Table {
  const { text, charset } = decodeText(buf);
  let records: string[][];
  try {
    records = parse(text, { delimiter: delimiterOf(text), relax_column_count: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (e) {
    throw new DecodeError(`CSV: ${(e as Error).message}`);
  }
  if (!records.length) throw new DecodeError('the file is empty: expected a header row and data rows');
  const [headers, ...data] = records;
  return { format: 'csv', charset, headers, rows: data.map((cells, i) => ({ line: i + 2, cells })) };
}

/** Comma, tab (Excel's "Unicode text") or semicolon: whichever the header line holds most of. */
function delimiterOf(text: string): string {
  const header = text.slice(0, text.search(/\r?\n|$/));
  const counts = [',', '\t', ';'].map((d) => [d, header.split(d).length] as const);
  return counts.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
}

export async function readXlsx(buf: Uint8Array): Promise<Table> {
  const wb = new (await loadExcel()).Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch (e) {
    throw new DecodeError(`not a readable .xlsx workbook: ${(e as Error).message}`);
  }
  const ws = wb.worksheets[0];
  if (!ws || ws.rowCount === 0) throw new DecodeError('the workbook\'s first sheet is empty: expected a header row and data rows');
  let headers: string[] | null = null;
  const rows: Table['rows'] = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    const cells: string[] = [];
    for (let i = 1; i <= row.cellCount; i++) cells.push(cellText(row.getCell(i).value));
    if (cells.every((c) => c === '')) return;
    if (!headers) headers = cells;
    else rows.push({ line: n, cells });
  });
  if (!headers) throw new DecodeError('the workbook\'s first sheet has no header row');
  return { format: 'xlsx', charset: null, headers, rows };
}

function cellText(v: ExcelJS.CellValue): string {
  if (v == null) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10); // Excel dates carry no zone: exceljs gives them as UTC midnight
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('').trim();
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('text' in v) return String(v.text).trim();
    if ('error' in v) return '';
  }
  return String(v).trim();
}
