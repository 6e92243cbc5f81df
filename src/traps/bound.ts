import type { EventVarbind } from '../../db/schema/events';
import { capUtf8 } from '../text';

/** A trap's stored size is bounded whatever the sender put in it. */
export const MAX_VARBINDS = 64;
export const MAX_VALUE_BYTES = 1024;

export function boundVarbinds(vbs: EventVarbind[]): EventVarbind[] {
  const kept = vbs.slice(0, MAX_VARBINDS).map((v) => ({ oid: capUtf8(v.oid, 256), type: v.type, value: capUtf8(v.value, MAX_VALUE_BYTES) }));
  if (vbs.length > MAX_VARBINDS) kept.push({ oid: '', type: 'yunet', value: `${vbs.length - MAX_VARBINDS} more varbinds not stored` });
  return kept;
}

/** The bytes an event occupies, as counted against `traps.max_event_bytes`. */
export function eventBytes(e: { source: string; device?: string | null; trapOid: string; trap: string; summary: string; varbinds: EventVarbind[] }): number {
  let n = 64 + e.source.length + (e.device?.length ?? 0) + e.trapOid.length + e.trap.length + Buffer.byteLength(e.summary, 'utf8');
  for (const v of e.varbinds) n += 24 + v.oid.length + v.type.length + Buffer.byteLength(v.value, 'utf8');
  return n;
}
