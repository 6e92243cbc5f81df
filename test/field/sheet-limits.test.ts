import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { readCsv, readTable } from '../../src/field/sheets/table';
import { defaultSheetLimits, SheetTooLargeError } from '../../src/field/sheets/limits';
import { sheetBeforeStrings, sizeBomb } from '../hostile/xlsx-bomb';

const limits = (over: Partial<typeof defaultSheetLimits>) => ({ ...defaultSheetLimits, ...over });
const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (e instanceof SheetTooLargeError ? e.reason : e));

describe('reading workbooks', () => {
  const tmpdir = process.env.TMPDIR;
  afterEach(() => {
    if (tmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmpdir;
  });

  it('a worksheet stored before its shared strings is read in place: nothing is left in the temp directory', async () => {
    // exceljs' own unzip loop parks such a sheet in a temp file, and leaves it there when reading stops early.
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-sheet-tmp-'));
    process.env.TMPDIR = tmp;
    try {
      const file = await sheetBeforeStrings([['站点编码', '站点名称'], ['PY-1', '南村1号站'], ['PY-2', '化龙镇明经村']]);
      expect(await readTable(file)).toEqual({
        format: 'xlsx', charset: null, headers: ['站点编码', '站点名称'],
        rows: [{ line: 2, cells: ['PY-1', '南村1号站'] }, { line: 3, cells: ['PY-2', '化龙镇明经村'] }],
      });
      // A read refused half-way leaves nothing either.
      expect(await refusal(readTable(file, limits({ maxCells: 1000, maxRows: 1 })))).toBe('rows');
      expect(fs.readdirSync(tmp)).toEqual([]);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('keeps every Chinese character of a large sheet, wherever the inflated chunks split it', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('基站');
    ws.addRow(['站点名称', '地址']);
    const names = Array.from({ length: 20_000 }, (_, i) => [`化龙镇明经村基站第${i}号`, `番禺区石楼镇大岭村${i}巷`]);
    for (const n of names) ws.addRow(n);
    const table = await readTable(new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(table.rows.map((r) => r.cells)).toEqual(names);
  });

  it('reads the first visible sheet in the workbook\'s order', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('说明', { state: 'hidden' }).addRow(['说明']);
    wb.addWorksheet('基站').addRow(['站点编码']);
    wb.addWorksheet('其他').addRow(['其他']);
    expect((await readTable(new Uint8Array(await wb.xlsx.writeBuffer()))).headers).toEqual(['站点编码']);
  });

  it('never opens an archive embedded in a workbook (a nested bomb stays packed)', async () => {
    const inner = await sizeBomb(300);
    const file = await sheetBeforeStrings([['站点编码'], ['PY-1']], inner);
    const before = process.memoryUsage().rss;
    expect((await readTable(file)).rows).toEqual([{ line: 2, cells: ['PY-1'] }]);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('accepts a sheet at its limits and refuses one cell or row more', async () => {
    const file = await sheetBeforeStrings([['a', 'b'], ['1', '2'], ['3', '4']]);
    expect((await readTable(file, limits({ maxCells: 1000, maxRows: 3 }))).rows).toHaveLength(2);
    expect(await refusal(readTable(file, limits({ maxCells: 1000, maxRows: 2 })))).toBe('rows');
    // Numbers are stored in the cells, not in the shared strings: only the cell count binds.
    const numbers = async (rows: number) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('s');
      ws.addRow(['a', 'b']);
      for (let i = 0; i < rows; i++) ws.addRow([i, -i]);
      return new Uint8Array(await wb.xlsx.writeBuffer());
    };
    expect((await readTable(await numbers(499), limits({ maxCells: 1000 }))).rows).toHaveLength(499);
    expect(await refusal(readTable(await numbers(500), limits({ maxCells: 1000 })))).toBe('cells');
    // Each of these 1,002 strings is stored once in the shared-string table, which is bounded like the cells.
    const strings = await sheetBeforeStrings([['a', 'b'], ...Array.from({ length: 500 }, (_, i) => [`x${i}`, `y${i}`])]);
    expect(await refusal(readTable(strings, limits({ maxCells: 1001 })))).toBe('shared_strings');
    expect((await readTable(strings, limits({ maxCells: 1002 }))).rows).toHaveLength(500);
  });
});

describe('reading CSV', () => {
  const csv = (rows: number) => Buffer.from('站点编码,站点名称\n' + 'PY-1,南村\n'.repeat(rows));

  it('refuses a file over the byte limit before decoding it', () => {
    const l = limits({ maxUnpackedBytes: 1024 * 1024 });
    expect(readCsv(csv(1000), l).rows).toHaveLength(1000);
    expect(() => readCsv(Buffer.alloc(1024 * 1024 + 1, 0x41), l)).toThrow('the CSV is larger than 1 MB; split it into several files');
  });

  it('accepts rows and cells at their limits and refuses one more', () => {
    expect(readCsv(csv(100), limits({ maxRows: 100 })).rows).toHaveLength(100);
    expect(() => readCsv(csv(101), limits({ maxRows: 100 }))).toThrow('the sheet has more than 100 rows');
    expect(readCsv(csv(499), limits({ maxCells: 1000 })).rows).toHaveLength(499);
    expect(() => readCsv(csv(500), limits({ maxCells: 1000 }))).toThrow('the sheet has more than 1,000 cells');
  });

  it('numbers rows as Excel shows them: a blank line is a row, a line break inside a cell is not', () => {
    const t = readCsv(Buffer.from('code,notes\nA,"two\nlines"\n\nB,x\n'));
    expect(t.rows).toEqual([{ line: 2, cells: ['A', 'two\nlines'] }, { line: 4, cells: ['B', 'x'] }]);
  });
});
