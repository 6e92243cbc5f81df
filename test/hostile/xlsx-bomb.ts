import { Readable } from 'node:stream';
import yazl from 'yazl';

/**
 * Hand-made hostile workbooks: valid .xlsx packages (the five parts Excel needs) whose one sheet is
 * generated on the fly, so the test never holds the unpacked size in memory.
 */
const parts: Record<string, string> = {
  '[Content_Types].xml':
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
  '_rels/.rels':
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
  'xl/workbook.xml':
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="基站" sheetId="1" r:id="rId1"/></sheets></workbook>',
  'xl/_rels/workbook.xml.rels':
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
};

const HEAD = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const TAIL = '</sheetData></worksheet>';

function* sheetXml(rows: number, cellsPerRow: number, padBytes: number): Generator<Buffer> {
  yield Buffer.from(HEAD);
  const pad = padBytes ? `<!--${'x'.repeat(padBytes)}-->` : '';
  let chunk = '';
  for (let r = 1; r <= rows; r++) {
    let row = `<row r="${r}">`;
    for (let c = 0; c < cellsPerRow; c++) row += `<c r="${String.fromCharCode(65 + (c % 26))}${r}" t="inlineStr"><is><t>v</t></is></c>`;
    chunk += `${row}</row>${pad}`;
    if (chunk.length > 1 << 20) {
      yield Buffer.from(chunk);
      chunk = '';
    }
  }
  yield Buffer.from(chunk + TAIL);
}

async function pack(sheet: Iterable<Buffer>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, xml] of Object.entries(parts)) zip.addBuffer(Buffer.from(xml), name);
  zip.addReadStream(Readable.from(sheet), 'xl/worksheets/sheet1.xml', { compress: true });
  zip.end();
  const out: Buffer[] = [];
  for await (const b of zip.outputStream) out.push(b as Buffer);
  return Buffer.concat(out);
}

/** A sheet that inflates to about `unpackedMb` MB of XML comments (a few hundred KB packed). */
export const sizeBomb = (unpackedMb: number) => pack(sheetXml(unpackedMb * 16, 1, 64 * 1024 - 64));

/** A sheet of `cells` tiny cells, 20 per row. */
export const cellBomb = (cells: number) => pack(sheetXml(Math.ceil(cells / 20), 20, 0));
