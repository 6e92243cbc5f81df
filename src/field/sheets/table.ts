import type ExcelJS from 'exceljs';

/** exceljs weighs ~16 MB of heap: loaded on the first workbook, not at start. */
const loadExcel = async () => (await import('exceljs')).default;
import { parse } from 'csv-parse/sync';
import { Readable } from 'node:stream';
import { decodeText, DecodeError, type Charset } from './decode';
import { checkZipLimits, defaultWorkbookLimits, WorkbookTooLargeError, type WorkbookLimits } from './zip-limits';

/** A spreadsheet read into strings: header cells and data rows, with the sheet row number of each. */
export interface Table {
  format: 'csv' | 'xlsx';
  charset: Charset | null;
  headers: string[];
  rows: { line: number; cells: string[] }[];
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** Reads CSV or XLSX, told apart by content (an .xlsx is a ZIP archive), not by the file name. */
export async function readTable(buf: Uint8Array, limits?: WorkbookLimits): Promise<Table> {
  if (ZIP_MAGIC.every((b, i) => buf[i] === b)) return readXlsx(buf, limits);
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
  // Cells our own CSV export guarded against formulas come back as typed.
  const unguard = (c: string) => (c.length > 1 && c[0] === "'" && '=+-@\t\r'.includes(c[1]) ? c.slice(1) : c);
  return { format: 'csv', charset, headers, rows: data.map((cells, i) => ({ line: i + 2, cells: cells.map(unguard) })) };
}

/** Comma, tab (Excel's "Unicode text") or semicolon: whichever the header line holds most of. */
function delimiterOf(text: string): string {
  const header = text.slice(0, text.search(/\r?\n|$/));
  const counts = [',', '\t', ';'].map((d) => [d, header.split(d).length] as const);
  return counts.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
}

/**
 * Reads the first sheet of a workbook. The archive is checked against `limits` before anything is built
 * (a zip bomb is refused unread), then the sheet's cells are counted in a streaming pass that keeps
 * nothing, so a sheet of millions of cells is refused before a single row is held in memory.
 */
export async function readXlsx(buf: Uint8Array, limits: WorkbookLimits = defaultWorkbookLimits): Promise<Table> {
  await checkZipLimits(buf, limits);
  let cellsSeen = 0;
  await eachRow(buf, (row) => {
    cellsSeen += row.cellCount;
    if (cellsSeen > limits.maxCells) throw new WorkbookTooLargeError('cells', `the sheet has more than ${limits.maxCells.toLocaleString('en')} cells; split it into several files`);
  });
  let headers: string[] | null = null;
  const rows: Table['rows'] = [];
  await eachRow(buf, (row) => {
    const cells: string[] = [];
    for (let i = 1; i <= row.cellCount; i++) cells.push(cellText(row.getCell(i).value));
    if (cells.every((c) => c === '')) return;
    if (!headers) headers = cells;
    else rows.push({ line: row.number, cells });
  });
  if (!headers) throw new DecodeError('the workbook\'s first sheet has no header row');
  return { format: 'xlsx', charset: null, headers, rows };
}

/** Streams the rows of the first sheet through `fn` (exceljs' streaming reader: nothing else is kept). */
async function eachRow(buf: Uint8Array, fn: (row: ExcelJS.Row) => void): Promise<void> {
  const Excel = await loadExcel();
  const reader = new Excel.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(buf)]), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache', // dates are numbers with a date format: the styles tell them apart
    worksheets: 'emit',
    entries: 'ignore',
  });
  // exceljs looks up the sheet's name in the workbook model, which is still unset when the zip (as exceljs
  // itself sometimes writes it) stores the worksheet before xl/workbook.xml; we need no name.
  (reader as unknown as { model?: object }).model ??= {};
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) fn(row);
      return; // the first sheet only
    }
  } catch (e) {
    if (e instanceof DecodeError) throw e;
    throw new DecodeError(`not a readable .xlsx workbook: ${(e as Error).message}`);
  }
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
