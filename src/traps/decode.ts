import { createHash } from 'node:crypto';
import snmp from 'net-snmp';
import type { EventVarbind } from '../../db/schema/events';
import { fromNetSnmp } from '../snmp/varbind';
import { text } from '../../collectors/decode';

const { ObjectType, PduType } = snmp;

const SNMP_TRAP_OID = '1.3.6.1.6.3.1.1.4.1.0';
const SYS_UPTIME = '1.3.6.1.2.1.1.3.0';
const SNMP_TRAPS = '1.3.6.1.6.3.1.1.5';

/** What net-snmp's receiver hands over for one trap or inform (with includeAuthentication). */
export interface ReceivedPdu {
  type: number;
  /** Request id (v2c/v3 traps and informs): a retransmission or a copy sent to a second receiver keeps it. */
  id?: number;
  varbinds: snmp.Varbind[];
  enterprise?: string;
  agentAddr?: string;
  generic?: number;
  specific?: number;
  upTime?: number;
  community?: string;
  user?: string;
}

/** A trap in one shape whatever its version: v1 traps are translated to snmpTrapOID form (RFC 3584 §3.1). */
export interface DecodedTrap {
  version: '1' | '2c' | '3';
  kind: 'trap' | 'inform';
  trapOid: string;
  /** v1 agent-addr field: the address the agent says it has (NAT may hide it behind the source). */
  agentAddr: string | null;
  /** The varbinds after sysUpTime and snmpTrapOID. */
  varbinds: EventVarbind[];
}

function render(vb: snmp.Varbind): EventVarbind {
  const v = fromNetSnmp(vb);
  const type = (ObjectType as unknown as Record<number, string>)[v.type] ?? String(v.type);
  let value: string;
  if (v.value === null) value = '';
  else if (Buffer.isBuffer(v.value)) {
    const s = text(v.value);
    // Binary octet strings (MAC addresses, engine ids) are kept as hex rather than mojibake.
    value = /[\u0000-\u0008\u000e-\u001f\ufffd]/.test(s) ? `0x${v.value.toString('hex')}` : s;
  } else value = String(v.value);
  return { oid: v.oid, type, value };
}

export function decodeTrap(pdu: ReceivedPdu): DecodedTrap {
  const kind = pdu.type === PduType.InformRequest ? 'inform' : 'trap';
  if (pdu.type === PduType.Trap) {
    const generic = pdu.generic ?? 6;
    const trapOid = generic < 6 ? `${SNMP_TRAPS}.${generic + 1}` : `${pdu.enterprise ?? ''}.0.${pdu.specific ?? 0}`;
    return { version: '1', kind, trapOid, agentAddr: pdu.agentAddr ?? null, varbinds: (pdu.varbinds ?? []).map(render) };
  }
  const version = typeof pdu.user === 'string' ? '3' : '2c';
  const all = pdu.varbinds ?? [];
  const oidVb = all.find((vb) => vb.oid === SNMP_TRAP_OID);
  const trapOid = oidVb && typeof oidVb.value === 'string' ? oidVb.value : '';
  const varbinds = all.filter((vb) => vb.oid !== SNMP_TRAP_OID && vb.oid !== SYS_UPTIME).map(render);
  return { version, kind, trapOid, agentAddr: null, varbinds };
}

/**
 * The trap's identity as a copy of the same datagram keeps it: claimed source, version, request id, trap OID, the
 * agent's uptime and every varbind. Two receivers of one trap, or a resent inform, give the same digest; a new trap
 * (a later uptime, another request id) does not.
 */
export function trapFingerprint(source: string, pdu: ReceivedPdu, t: DecodedTrap): string {
  const upTime = pdu.upTime ?? (pdu.varbinds ?? []).find((vb) => vb.oid === SYS_UPTIME)?.value ?? null;
  const identity = JSON.stringify([source, t.version, pdu.id ?? null, t.trapOid, t.agentAddr, String(upTime), t.varbinds]);
  return createHash('sha256').update(identity).digest('base64url').slice(0, 32);
}
