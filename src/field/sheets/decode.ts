/**
 * Character set of an uploaded CSV, detected rather than asked: a BOM says UTF-8 or UTF-16; else
 * strict UTF-8 is tried, then GB18030 (the superset of GBK that Chinese Excel writes). Decoding is
 * the platform's WHATWG TextDecoder in fatal mode, so a file in neither charset is refused.
 */
export type Charset = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export class DecodeError extends Error {}

export function decodeText(buf: Uint8Array): { text: string; charset: Charset; bom: boolean } {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { text: strict('utf-8', buf.subarray(3)), charset: 'utf-8', bom: true };
  if (buf[0] === 0xff && buf[1] === 0xfe) return { text: strict('utf-16le', buf.subarray(2)), charset: 'utf-16le', bom: true };
  if (buf[0] === 0xfe && buf[1] === 0xff) return { text: strict('utf-16be', buf.subarray(2)), charset: 'utf-16be', bom: true };
  if (buf.includes(0)) throw new DecodeError('the file is not text: it contains NUL bytes (upload a CSV in UTF-8 or GB18030, or an .xlsx workbook)');
  try {
    return { text: strict('utf-8', buf), charset: 'utf-8', bom: false };
  } catch {
    try {
      return { text: strict('gb18030', buf), charset: 'gb18030', bom: false };
    } catch {
      throw new DecodeError(`the file is neither UTF-8 nor GB18030/GBK text${badByte(buf)}: save it from Excel as "CSV UTF-8" or plain CSV`);
    }
  }
}

function strict(charset: Charset, bytes: Uint8Array): string {
  return new TextDecoder(charset, { fatal: true, ignoreBOM: true }).decode(bytes);
}

/** Where GB18030 decoding first fails, found by bisection with the same decoder. */
function badByte(buf: Uint8Array): string {
  let lo = 0;
  let hi = buf.length;
  const ok = (n: number) => {
    try {
      new TextDecoder('gb18030', { fatal: true }).decode(buf.subarray(0, n), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (ok(mid)) lo = mid;
    else hi = mid;
  }
  const line = buf.subarray(0, lo).reduce((n, b) => n + (b === 0x0a ? 1 : 0), 1);
  return ` (undecodable byte 0x${buf[lo]?.toString(16).padStart(2, '0') ?? '??'} on line ${line})`;
}
