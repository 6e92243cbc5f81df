import { hash } from 'node:crypto';
import { promisify } from 'node:util';
import { constants, crc32, deflateRaw, deflateRawSync, inflateRawSync, type ZlibOptions } from 'node:zlib';

/**
 * Text compressed once and spliced into any gzip stream later: raw deflate ended by a sync flush (whole bytes, no
 * final block; short texts a stored block), so segments from separate compressors follow one another as one
 * deflate stream; then 24 bytes of our own: the text's CRC-32 adjusted for combining (below), its length and a
 * digest (a poll whose text is the same as the last keeps the last segment instead of compressing it again).
 * /metrics is one gzip member made of them: clients that take gzip get the bytes as they were stored, and browsers
 * and curl, which read only the first member of a multi-member body, read all of it. zlib compresses; only the
 * fixed framing bytes of RFC 1951/1952 are written here. zlib.crc32 needs Node 20.15 or 22.2.
 */
export type Segment = Buffer;

/**
 * A line repeats the one before it within a few hundred bytes (the labels), so a 4 KiB window compresses as well
 * as the default 32 KiB (measured: 6.5x either way on 48-interface devices) at less than half the cost of setting
 * up each compressor; level 1 for the same reason.
 */
const OPTIONS: ZlibOptions = { level: 1, windowBits: 12, memLevel: 6, finishFlush: constants.Z_SYNC_FLUSH };
const DIGEST = 16;
const TRAILER = 8 + DIGEST;

/** SHA-256 cut to 128 bits: a few µs for a family, and no two texts of a device alike by accident. */
function digest(text: Buffer): Buffer {
  return hash('sha256', text, 'buffer').subarray(0, DIGEST);
}

const zeros = Buffer.alloc(64 * 1024);

/** CRC-32 continued over `length` zero bytes. */
function crcOfZeros(crc: number, length: number): number {
  for (let left = length; left > 0; left -= zeros.length) crc = crc32(zeros.subarray(0, Math.min(left, zeros.length)), crc);
  return crc;
}

function withTrailer(deflated: Buffer, text: Buffer, sum: Buffer): Segment {
  // CRC-32 is affine: crc(A·B) = crc(zeros(|B|), crc(A)) ^ crc(B) ^ crc(zeros(|B|)). The last two terms depend on
  // B alone and are stored; joining then costs one pass over |B| zero bytes, never the text.
  const out = Buffer.allocUnsafe(deflated.length + TRAILER);
  deflated.copy(out);
  out.writeUInt32LE((crc32(text) ^ crcOfZeros(0, text.length)) >>> 0, deflated.length);
  out.writeUInt32LE(text.length, deflated.length + 4);
  sum.copy(out, deflated.length + 8);
  return out;
}

/**
 * Below this a family (one line: a device's own gauges, its system values) is stored, not compressed: a zlib call
 * costs ~12 µs however short the text, and a third of a device's families are single lines.
 */
const STORED_BELOW = 256;

/** A stored (uncompressed) deflate block, not final (RFC 1951 3.2.4): a header byte, LEN and its complement. */
function stored(bytes: Buffer): Buffer {
  const out = Buffer.allocUnsafe(5 + bytes.length);
  out[0] = 0;
  out.writeUInt16LE(bytes.length, 1);
  out.writeUInt16LE(~bytes.length & 0xffff, 3);
  bytes.copy(out, 5);
  return out;
}

/** What the writer did with each family: compressed (or stored) it, or kept the last poll's segment. */
export const segmentCounts = { compressed: 0, unchanged: 0 };

/** The text as a segment: `last` itself when it holds the same text (the same length and digest). */
export function segment(text: string | Buffer, last?: Segment): Segment {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const sum = digest(bytes);
  if (last && last.readUInt32LE(last.length - DIGEST - 4) === bytes.length && sum.equals(last.subarray(last.length - DIGEST))) {
    segmentCounts.unchanged++;
    return last;
  }
  segmentCounts.compressed++;
  return withTrailer(bytes.length < STORED_BELOW ? stored(bytes) : deflateRawSync(bytes, OPTIONS), bytes, sum);
}

const deflateRawAsync = promisify(deflateRaw);

/** As `segment`, compressed off the event loop (large texts: yunet's own metrics at thousands of devices). */
export async function segmentAsync(text: string): Promise<Segment> {
  const bytes = Buffer.from(text, 'utf8');
  return withTrailer(await deflateRawAsync(bytes, OPTIONS), bytes, digest(bytes));
}

/** A segment's text. */
export function segmentText(s: Segment): string {
  return inflateRawSync(s.subarray(0, s.length - TRAILER), { finishFlush: constants.Z_SYNC_FLUSH }).toString('utf8');
}

/** One gzip member (RFC 1952) out of segments: the header, each segment's deflate bytes, then the end. */
export class GzipJoin {
  private crc = 0;
  private length = 0;

  /** Member header: deflate, no name, no time, unknown OS. */
  static readonly header = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);

  /** The deflate bytes to send for this segment (a view of it). */
  add(s: Segment): Buffer {
    const body = s.length - TRAILER;
    const length = s.readUInt32LE(body + 4);
    this.crc = (crcOfZeros(this.crc, length) ^ s.readUInt32LE(body)) >>> 0;
    this.length = (this.length + length) % 2 ** 32;
    return s.subarray(0, body);
  }

  /** An empty final block (BFINAL=1, fixed Huffman, end of block), then CRC-32 and length mod 2^32. */
  end(): Buffer {
    const out = Buffer.from([0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]);
    out.writeUInt32LE(this.crc, 2);
    out.writeUInt32LE(this.length, 6);
    return out;
  }
}
