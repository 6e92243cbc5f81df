import yauzl from 'yauzl';
import { DecodeError } from './decode';

/** What an uploaded workbook may unpack to before yunet builds anything from it. */
export interface WorkbookLimits {
  /** Bytes of all entries once inflated (declared and actual). */
  maxUnpackedBytes: number;
  /** Entries in the archive. */
  maxEntries: number;
  /** Cells of the sheet that is read. */
  maxCells: number;
}

export const defaultWorkbookLimits: WorkbookLimits = { maxUnpackedBytes: 200 * 1024 * 1024, maxEntries: 1000, maxCells: 2_000_000 };

export class WorkbookTooLargeError extends DecodeError {
  constructor(
    readonly reason: 'unpacked_size' | 'entries' | 'cells',
    message: string,
  ) {
    super(message);
  }
}

const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

/**
 * Checks a ZIP (an .xlsx) without unpacking it into memory: the central directory's entry count and
 * declared sizes first, then every entry inflated as a stream and counted, since a declared size can lie.
 */
export async function checkZipLimits(buf: Uint8Array, limits: WorkbookLimits): Promise<void> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength), { lazyEntries: true, validateEntrySizes: true }, (err, z) =>
      err ? reject(new DecodeError(`not a readable .xlsx workbook: ${err.message}`)) : resolve(z!),
    ),
  );
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    throw new WorkbookTooLargeError('entries', `the workbook holds ${zip.entryCount} files; at most ${limits.maxEntries} are accepted`);
  }
  let declared = 0;
  let actual = 0;
  await new Promise<void>((resolve, reject) => {
    const fail = (e: Error) => {
      zip.close();
      reject(e instanceof DecodeError ? e : new DecodeError(`not a readable .xlsx workbook: ${e.message}`));
    };
    zip.on('error', fail);
    zip.on('end', () => resolve());
    zip.on('entry', (entry: yauzl.Entry) => {
      declared += entry.uncompressedSize;
      if (declared > limits.maxUnpackedBytes)
        return fail(new WorkbookTooLargeError('unpacked_size', `the workbook unpacks to more than ${mb(limits.maxUnpackedBytes)}; split it or remove unused sheets`));
      if (/\/$/.test(entry.fileName)) return zip.readEntry();
      zip.openReadStream(entry, (err, stream) => {
        if (err || !stream) return fail(err ?? new Error('unreadable entry'));
        stream.on('data', (chunk: Buffer) => {
          actual += chunk.length;
          if (actual > limits.maxUnpackedBytes) {
            stream.destroy();
            fail(new WorkbookTooLargeError('unpacked_size', `the workbook unpacks to more than ${mb(limits.maxUnpackedBytes)}; split it or remove unused sheets`));
          }
        });
        stream.on('error', fail);
        stream.on('end', () => zip.readEntry());
      });
    });
    zip.readEntry();
  });
}
