import { parse } from 'csv-parse/sync';
import { decodeText, DecodeError, type Charset } from './decode';
import { defaultSheetLimits, SheetTooLargeError, tooLarge, type SheetLimits } from './limits';
import { readXlsx } from './xlsx';

/** A spreadsheet read into strings: header cells and data rows, with the sheet row number of each. */
export interface Table {
  format: 'csv' | 'xlsx';
  charset: Charset | null;
  headers: string[];
  rows: { line: number; cells: string[] }[];
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** Reads CSV or XLSX, told apart by content (an .xlsx is a ZIP archive), not by the file name. */
export async function readTable(buf: Uint8Array, limits: SheetLimits = defaultSheetLimits): Promise<Table> {
  if (ZIP_MAGIC.every((b, i) => buf[i] === b)) return readXlsx(buf, limits);
  return readCsv(buf, limits);
}

/** What csv-stringify's escape_formulas prefixes with a quote (fullwidth forms included). */
const GUARDED = '=+-@\t\r\uff1d\uff0b\uff0d\uff20';

/** Reads a CSV, refused past the limits on bytes, cells and rows while it is parsed. */
export function readCsv(buf: Uint8Array, limits: SheetLimits = defaultSheetLimits): Table {
  if (buf.length > limits.maxUnpackedBytes) throw tooLarge.csvBytes(limits);
  const { text, charset } = decodeText(buf);
  let cells = 0;
  let line = 0; // the row number Excel shows for the record: blank lines count, line breaks inside a cell do not
  const records: { line: number; cells: string[] }[] = [];
  try {
    parse(text, {
      delimiter: delimiterOf(text), relax_column_count: true, trim: true, bom: true,
      on_record: (record: string[]) => {
        line++;
        cells += record.length;
        if (cells > limits.maxCells) throw tooLarge.cells(limits);
        if (record.every((c) => c === '')) return null;
        if (records.length >= limits.maxRows + 1) throw tooLarge.rows(limits); // the header is not a row
        records.push({ line, cells: record });
        return null; // kept here, not in a second array inside the parser
      },
    });
  } catch (e) {
    if (e instanceof SheetTooLargeError) throw e;
    throw new DecodeError(`CSV: ${(e as Error).message}`);
  }
  if (!records.length) throw new DecodeError('the file is empty: expected a header row and data rows');
  const [header, ...data] = records;
  // Cells our own CSV export guarded against formulas come back as typed.
  const unguard = (c: string) => (c.length > 1 && c[0] === "'" && GUARDED.includes(c[1]) ? c.slice(1) : c);
  return { format: 'csv', charset, headers: header.cells, rows: data.map((r) => ({ line: r.line, cells: r.cells.map(unguard) })) };
}

/** Comma, tab (Excel's "Unicode text") or semicolon: whichever the header line holds most of. */
function delimiterOf(text: string): string {
  const header = text.slice(0, text.search(/\r?\n|$/));
  const counts = [',', '\t', ';'].map((d) => [d, header.split(d).length] as const);
  return counts.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
}
