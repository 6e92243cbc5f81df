/** Cuts `s` to at most `max` UTF-8 bytes at a character boundary; a cut string ends with "…". */
export function capUtf8(s: string, max: number): string {
  if (s.length * 3 <= max || Buffer.byteLength(s, 'utf8') <= max) return s;
  const buf = Buffer.from(s, 'utf8');
  let end = Math.max(0, max - 3); // room for the ellipsis (3 bytes)
  while (end > 0 && (buf[end] & 0xc0) === 0x80) end--; // never split a multi-byte character
  return `${buf.subarray(0, end).toString('utf8')}…`;
}
