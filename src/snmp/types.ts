/** A value as yunet sees it: Counter64 is always bigint, octet strings stay bytes. */
export type VarbindValue = number | bigint | string | Buffer | null;

export interface Varbind {
  oid: string;
  /** net-snmp ObjectType number (2 Integer, 4 OctetString, 6 OID, 64 IpAddress, 65 Counter32, 66 Gauge32, 67 TimeTicks, 70 Counter64, 128-130 absences). */
  type: number;
  value: VarbindValue;
}

/**
 * Why a request failed, as a label value for yunet_snmp_errors_total{kind}.
 * timeout: no answer; auth: the agent answered but rejected our credentials (or, for v1/v2c,
 * answered a v3 probe while ignoring the community); dns: host name did not resolve;
 * too_big: the agent could not fit the answer even with one repetition; walk_loop: an agent
 * returned a non-increasing OID; protocol: malformed or mismatched answer; agent: an SNMP error status;
 * too_large: a walk or the device's rendered series went over yunet's byte or varbind caps;
 * config: the device's inventory row or credential in the database cannot be used.
 */
export type SnmpErrorKind = 'timeout' | 'auth' | 'dns' | 'too_big' | 'walk_loop' | 'protocol' | 'agent' | 'too_large' | 'config';

export class SnmpError extends Error {
  /** SNMPv1 noSuchName: the PDU failed because one of its OIDs does not exist. */
  noSuchName = false;

  constructor(
    readonly kind: SnmpErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'SnmpError';
  }
}
