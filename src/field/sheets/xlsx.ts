import path from 'node:path';
import type { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { SaxesParser } from 'saxes';
import { DecodeError } from './decode';
import { defaultSheetLimits, tooLarge, type SheetLimits } from './limits';
import type { Table } from './table';
import { openZip, type ZipParts } from './zip';

/** exceljs weighs ~16 MB of heap: loaded on the first workbook, not at start. */
const loadExcel = async () => (await import('exceljs')).default;

/** workbook.xml, its relationships and styles.xml: kilobytes in any real workbook, parsed whole by exceljs. */
const MAX_PART_BYTES = 16 * 1024 * 1024;
/** Excel's own limit on the characters of a cell. */
const MAX_CELL_CHARS = 32_767;

/**
 * The parts of exceljs' streaming reader, driven here instead of through its own unzip loop. That loop
 * parks every worksheet that precedes the shared strings in a temp file it never removes when reading
 * stops early (a refused or first-sheet-only read), and decodes each chunk on its own, which garbles a
 * Chinese character split between two chunks. Driving the parts in order avoids both.
 */
interface ExcelParts {
  model?: { sheets?: { name: string; rId: string; state?: string }[] };
  workbookRels?: { Id: string; Target: string }[];
  sharedStrings?: string[];
  _parseRels(s: Readable): Promise<void>;
  _parseWorkbook(s: Readable): Promise<void>;
  _parseStyles(s: Readable): Promise<void>;
  _parseWorksheet(s: AsyncIterable<string>, sheetNo: string): Iterable<{ value: AsyncIterable<ExcelJS.Row> }>;
}

/**
 * Reads the first sheet of a workbook. The archive is checked against `limits` before anything is built
 * (a zip bomb is refused unread), the shared strings are bounded in number and length as they are read,
 * then the sheet's cells and rows are counted in a streaming pass that keeps nothing, so a sheet of
 * millions of cells is refused before a single row is held in memory.
 */
export async function readXlsx(buf: Uint8Array, limits: SheetLimits = defaultSheetLimits): Promise<Table> {
  const zip = await openZip(buf, limits);
  try {
    const book = await openBook(zip, limits);
    let cells = 0;
    let rows = 0;
    await book.eachRow((row) => {
      cells += row.cellCount;
      if (cells > limits.maxCells) throw tooLarge.cells(limits);
      if (++rows > limits.maxRows) throw tooLarge.rows(limits);
    });
    let headers: string[] | null = null;
    const data: Table['rows'] = [];
    await book.eachRow((row) => {
      const texts: string[] = [];
      for (let i = 1; i <= row.cellCount; i++) texts.push(cellText(row.getCell(i).value));
      if (texts.every((c) => c === '')) return;
      if (!headers) headers = texts;
      else data.push({ line: row.number, cells: texts });
    });
    if (!headers) throw new DecodeError("the workbook's first sheet has no header row");
    return { format: 'xlsx', charset: null, headers, rows: data };
  } catch (e) {
    if (e instanceof DecodeError) throw e;
    throw new DecodeError(`not a readable .xlsx workbook: ${(e as Error).message}`);
  }
}

async function openBook(zip: ZipParts, limits: SheetLimits) {
  const Excel = await loadExcel();
  // Dates are numbers with a date format: the styles tell them apart.
  const options = { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit', entries: 'ignore' } as const;
  const reader = new Excel.stream.xlsx.WorkbookReader(null as never, options) as unknown as ExcelParts;
  const part = async (name: string, required: boolean) => {
    if (!zip.has(name)) {
      if (required) throw new DecodeError(`not a readable .xlsx workbook: ${name} is missing`);
      return null;
    }
    if (zip.size(name) > MAX_PART_BYTES) throw tooLarge.part(name, MAX_PART_BYTES);
    return text(await zip.open(name));
  };
  await reader._parseRels((await part('xl/_rels/workbook.xml.rels', true))!);
  await reader._parseWorkbook((await part('xl/workbook.xml', true))!);
  const styles = await part('xl/styles.xml', false);
  if (styles) await reader._parseStyles(styles);
  if (zip.has('xl/sharedStrings.xml')) reader.sharedStrings = await sharedStrings(text(await zip.open('xl/sharedStrings.xml')), limits);

  const sheets = reader.model?.sheets ?? [];
  const sheet = sheets.find((s) => s.state !== 'hidden' && s.state !== 'veryHidden') ?? sheets[0];
  const target = sheet && reader.workbookRels?.find((r) => r.Id === sheet.rId)?.Target;
  if (!target) throw new DecodeError("not a readable .xlsx workbook: it lists no sheet");
  const sheetPath = target.startsWith('/') ? target.slice(1) : path.posix.normalize(`xl/${target}`);

  return {
    /** Streams the rows of the sheet through `fn`; nothing else is kept. */
    async eachRow(fn: (row: ExcelJS.Row) => void): Promise<void> {
      for (const { value: worksheet } of reader._parseWorksheet(text(await zip.open(sheetPath)), '1'))
        for await (const row of worksheet) fn(row);
    },
  };
}

/** Characters, decoded across chunk boundaries. */
function text(stream: Readable): Readable {
  return stream.setEncoding('utf8');
}

/**
 * The shared-string table as plain text (runs joined, phonetic guides left out), refused past
 * `maxCells` strings or a string longer than Excel allows: only the strings themselves are kept.
 */
async function sharedStrings(xml: AsyncIterable<string>, limits: SheetLimits): Promise<string[]> {
  const out: string[] = [];
  const parser = new SaxesParser();
  let current: string[] | null = null;
  let length = 0;
  let inText = false;
  let inPhonetic = 0;
  let error: Error | null = null;
  parser.on('error', (e) => (error ??= e));
  parser.on('opentag', (node) => {
    if (node.name === 'si') {
      current = [];
      length = 0;
    } else if (node.name === 'rPh') inPhonetic++;
    else if (node.name === 't') inText = true;
  });
  parser.on('text', (t) => {
    if (!current || !inText || inPhonetic) return;
    length += t.length;
    if (length > MAX_CELL_CHARS) error ??= tooLarge.stringLength(MAX_CELL_CHARS);
    else current.push(t);
  });
  parser.on('closetag', (node) => {
    if (node.name === 't') inText = false;
    else if (node.name === 'rPh') inPhonetic--;
    else if (node.name === 'si' && current) {
      if (out.length >= limits.maxCells) error ??= tooLarge.sharedStrings(limits);
      else out.push(current.join(''));
      current = null;
    }
  });
  for await (const chunk of xml) {
    parser.write(chunk);
    if (error) throw error;
  }
  parser.close();
  if (error) throw error;
  return out;
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
