import { Readable } from 'node:stream';
import yazl from 'yazl';

/**
 * Hand-made hostile workbooks: valid .xlsx packages (the parts Excel needs) whose sheet and shared
 * strings are generated on the fly, so the test never holds the unpacked size in memory.
 */
const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>';
const ROOT_RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>';
const WORKBOOK =
  '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="基站" sheetId="1" r:id="rId1"/></sheets></workbook>';
const WORKBOOK_RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>';
const SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const SHEET_TAIL = '</sheetData></worksheet>';
const SST_HEAD = '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';

type Part = string | Buffer | (() => Iterable<Buffer>);

/** Yields `head`, then `item(i)` for i in [0, n) in ~1 MB chunks, then `tail`. */
function* generate(head: string, n: number, item: (i: number) => string, tail: string): Generator<Buffer> {
  yield Buffer.from(head);
  let chunk = '';
  for (let i = 0; i < n; i++) {
    chunk += item(i);
    if (chunk.length > 1 << 20) {
      yield Buffer.from(chunk);
      chunk = '';
    }
  }
  yield Buffer.from(chunk + tail);
}

const col = (c: number) => (c >= 26 ? String.fromCharCode(64 + Math.floor(c / 26)) : '') + String.fromCharCode(65 + (c % 26));

/** Rows of inline-string cells; `pad` bytes of XML comment after each row. */
const sheetRows = (rows: number, cellsPerRow: number, pad = 0) => () =>
  generate(SHEET_HEAD, rows, (r) => {
    let row = `<row r="${r + 1}">`;
    for (let c = 0; c < cellsPerRow; c++) row += `<c r="${col(c)}${r + 1}" t="inlineStr"><is><t>v</t></is></c>`;
    return `${row}</row>${pad ? `<!--${'x'.repeat(pad)}-->` : ''}`;
  }, SHEET_TAIL);

/** A sheet whose cells point into the shared strings: a header row and `rows` rows of (code, name). */
const sharedSheet = (rows: number) =>
  [...generate(SHEET_HEAD, rows + 1, (r) => `<row r="${r + 1}"><c r="A${r + 1}" t="s"><v>${2 * r}</v></c><c r="B${r + 1}" t="s"><v>${2 * r + 1}</v></c></row>`, SHEET_TAIL)].join('');

/** Zips `parts` in the given order (the order is part of the attack). */
export async function pack(parts: [string, Part][]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, part] of parts) {
    if (typeof part === 'function') zip.addReadStream(Readable.from(part()), name, { compress: true });
    else zip.addBuffer(Buffer.from(part), name, { compress: part.length > 0 }); // a deflater per empty file would cost MBs each
  }
  zip.end();
  const out: Buffer[] = [];
  for await (const b of zip.outputStream) out.push(b as Buffer);
  return Buffer.concat(out);
}

const frame = (sheet: Part, more: [string, Part][] = []) =>
  pack([['[Content_Types].xml', CONTENT_TYPES], ['_rels/.rels', ROOT_RELS], ['xl/workbook.xml', WORKBOOK], ['xl/_rels/workbook.xml.rels', WORKBOOK_RELS], ['xl/worksheets/sheet1.xml', sheet], ...more]);

/** A sheet that inflates to about `unpackedMb` MB of XML comments (a few hundred KB packed). */
export const sizeBomb = (unpackedMb: number) => frame(sheetRows(unpackedMb * 16, 1, 64 * 1024 - 64));

/** A sheet of `cells` tiny cells, 20 per row. */
export const cellBomb = (cells: number) => frame(sheetRows(Math.ceil(cells / 20), 20));

/** A sheet of `rows` rows without a cell. */
export const rowBomb = (rows: number) => frame(() => generate(SHEET_HEAD, rows, (r) => `<row r="${r + 1}"/>`, SHEET_TAIL));

/** A small valid sheet and `entries` more (empty) files in the archive. */
export const entriesBomb = (entries: number) => frame(sheetRows(2, 2), Array.from({ length: entries }, (_, i) => [`xl/media/f${i}.bin`, ''] as [string, Part]));

/** A table of `strings` shared strings (with a one-row sheet using the first two). */
export const sharedStringsBomb = (strings: number) => frame(sharedSheet(0), [['xl/sharedStrings.xml', () => generate(SST_HEAD, strings, (i) => `<si><t>s${i}</t></si>`, '</sst>')]]);

/** One shared string of `chars` characters. */
export const longStringBomb = (chars: number) => frame(sharedSheet(0), [['xl/sharedStrings.xml', () => generate(`${SST_HEAD}<si><t>`, chars / 1000, () => 'x'.repeat(1000), '</t></si><si><t>b</t></si></sst>')]]);

/** A styles part far larger than any program writes (exceljs would build an object per format). */
export const stylesBomb = (formats: number) => frame(sheetRows(2, 2), [['xl/styles.xml', () => generate('<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs>', formats, () => '<xf numFmtId="14"/>', '</cellXfs></styleSheet>')]]);

/**
 * A sheet of `table` (first row the header) whose worksheet comes before its shared strings in the
 * archive, as some writers store it, optionally with another archive embedded beside it (a nested zip).
 */
export async function sheetBeforeStrings(table: string[][], embedded?: Buffer): Promise<Buffer> {
  const strings = table.flat();
  const sst = SST_HEAD + strings.map((s) => `<si><t>${s}</t></si>`).join('') + '</sst>';
  let next = 0;
  const sheet = SHEET_HEAD + table.map((cells, r) => `<row r="${r + 1}">${cells.map((_, c) => `<c r="${col(c)}${r + 1}" t="s"><v>${next++}</v></c>`).join('')}</row>`).join('') + SHEET_TAIL;
  return pack([
    ['[Content_Types].xml', CONTENT_TYPES],
    ['_rels/.rels', ROOT_RELS],
    ['xl/worksheets/sheet1.xml', sheet],
    ['xl/workbook.xml', WORKBOOK],
    ['xl/_rels/workbook.xml.rels', WORKBOOK_RELS],
    ['xl/sharedStrings.xml', sst],
    ...(embedded ? [['xl/embeddings/oleObject1.bin', embedded] as [string, Part]] : []),
  ]);
}
