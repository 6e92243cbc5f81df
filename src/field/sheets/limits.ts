import { DecodeError } from './decode';

/** What an uploaded spreadsheet may hold before yunet builds anything from it. */
export interface SheetLimits {
  /** Bytes of a workbook's entries once inflated (declared and actual), or of a CSV. */
  maxUnpackedBytes: number;
  /** Entries in a workbook's archive. */
  maxEntries: number;
  /** Cells of the sheet that is read (and strings in a workbook's shared-string table). */
  maxCells: number;
  /** Rows of the sheet that is read, empty ones included. */
  maxRows: number;
}

export const defaultSheetLimits: SheetLimits = { maxUnpackedBytes: 200 * 1024 * 1024, maxEntries: 1000, maxCells: 2_000_000, maxRows: 200_000 };

/** Why a file was refused; the label of `yunet_import_rejected_total`. */
export const refusalReasons = ['unpacked_size', 'entries', 'part_size', 'shared_strings', 'cells', 'rows'] as const;

export class SheetTooLargeError extends DecodeError {
  constructor(
    readonly reason: (typeof refusalReasons)[number],
    message: string,
  ) {
    super(message);
  }
}

const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
const count = (n: number) => n.toLocaleString('en');

export const tooLarge = {
  unpacked: (l: SheetLimits) => new SheetTooLargeError('unpacked_size', `the workbook unpacks to more than ${mb(l.maxUnpackedBytes)}; split it or remove unused sheets`),
  csvBytes: (l: SheetLimits) => new SheetTooLargeError('unpacked_size', `the CSV is larger than ${mb(l.maxUnpackedBytes)}; split it into several files`),
  entries: (n: number, l: SheetLimits) => new SheetTooLargeError('entries', `the workbook holds ${count(n)} files; at most ${count(l.maxEntries)} are accepted`),
  part: (name: string, max: number) => new SheetTooLargeError('part_size', `the workbook's ${name} is larger than ${mb(max)}; no spreadsheet program writes one that large`),
  sharedStrings: (l: SheetLimits) => new SheetTooLargeError('shared_strings', `the workbook's shared-string table holds more than ${count(l.maxCells)} strings; split it into several files`),
  stringLength: (max: number) => new SheetTooLargeError('shared_strings', `a cell holds more than ${count(max)} characters, Excel's own limit`),
  cells: (l: SheetLimits) => new SheetTooLargeError('cells', `the sheet has more than ${count(l.maxCells)} cells; split it into several files`),
  rows: (l: SheetLimits) => new SheetTooLargeError('rows', `the sheet has more than ${count(l.maxRows)} rows; split it into several files`),
};
