import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { DecodeError } from './decode';
import { tooLarge, type SheetLimits } from './limits';

/** The entries of a checked archive, opened by name in whatever order the reader needs them. */
export interface ZipParts {
  has(name: string): boolean;
  /** Declared (and, while reading, enforced) inflated size of an entry. */
  size(name: string): number;
  open(name: string): Promise<Readable>;
}

const unreadable = (e: Error) => (e instanceof DecodeError ? e : new DecodeError(`not a readable .xlsx workbook: ${e.message}`));

/**
 * Opens a ZIP (an .xlsx) held in memory and checks it without unpacking it into memory: the central
 * directory's entry count and declared sizes first, then every entry inflated as a stream and counted,
 * since a declared size can lie. Entries are then re-inflated on demand with their sizes enforced
 * (yauzl's validateEntrySizes), so nothing read later can exceed what was checked here.
 */
export async function openZip(buf: Uint8Array, limits: SheetLimits): Promise<ZipParts> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength), { lazyEntries: true, validateEntrySizes: true }, (err, z) =>
      err ? reject(unreadable(err)) : resolve(z!),
    ),
  );
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    throw tooLarge.entries(zip.entryCount, limits);
  }
  const entries = new Map<string, yauzl.Entry>();
  let declared = 0;
  let actual = 0;
  await new Promise<void>((resolve, reject) => {
    const fail = (e: Error) => {
      zip.close();
      reject(unreadable(e));
    };
    zip.on('error', fail);
    zip.on('end', () => resolve());
    zip.on('entry', (entry: yauzl.Entry) => {
      declared += entry.uncompressedSize;
      if (declared > limits.maxUnpackedBytes) return fail(tooLarge.unpacked(limits));
      if (entry.fileName.endsWith('/')) return zip.readEntry();
      entries.set(entry.fileName, entry);
      zip.openReadStream(entry, (err, stream) => {
        if (err || !stream) return fail(err ?? new Error('unreadable entry'));
        stream.on('data', (chunk: Buffer) => {
          actual += chunk.length;
          if (actual > limits.maxUnpackedBytes) {
            stream.destroy();
            fail(tooLarge.unpacked(limits));
          }
        });
        stream.on('error', fail);
        stream.on('end', () => zip.readEntry());
      });
    });
    zip.readEntry();
  });
  return {
    has: (name) => entries.has(name),
    size: (name) => entries.get(name)?.uncompressedSize ?? 0,
    open: async (name) => {
      const entry = entries.get(name);
      if (!entry) throw new DecodeError(`not a readable .xlsx workbook: ${name} is missing`);
      return zip.openReadStreamPromise(entry).catch((e: Error) => Promise.reject(unreadable(e)));
    },
  };
}
