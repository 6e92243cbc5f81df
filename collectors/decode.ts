import type { Varbind } from '../src/snmp/types';
import { suffix } from '../src/snmp/oid';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const gb18030 = new TextDecoder('gb18030');

/** DisplayString bytes to text: UTF-8 when valid, else GB18030 (Chinese devices often send GBK). */
export function text(value: Varbind['value'] | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  const bytes = value.subarray(0, trailingNul(value));
  try {
    return utf8.decode(bytes);
  } catch {
    return gb18030.decode(bytes);
  }
}

function trailingNul(buf: Buffer): number {
  let end = buf.length;
  while (end > 0 && buf[end - 1] === 0) end--;
  return end;
}

/** A numeric value (Integer, Counter32, Gauge32, TimeTicks, Counter64); null for absences and strings. */
export function num(value: Varbind['value'] | undefined): number | bigint | null {
  if (typeof value === 'number' || typeof value === 'bigint') return value;
  return null;
}

/** Rows of a walked column keyed by index suffix. */
export function column(walk: Map<string, Varbind[]>, root: string): Map<string, Varbind> {
  const rows = new Map<string, Varbind>();
  for (const vb of walk.get(root) ?? []) if (vb.value !== null) rows.set(suffix(vb.oid, root), vb);
  return rows;
}

/** A scalar from a GET, or undefined if the agent reported it absent. */
export function scalar(get: Map<string, Varbind>, oid: string): Varbind['value'] | undefined {
  const vb = get.get(oid);
  return vb && vb.value !== null ? vb.value : undefined;
}
