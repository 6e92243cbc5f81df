import snmp from 'net-snmp';
import { T, type MibSpec } from './spec';

/** What the agent itself has seen, counted like a real agent's SNMPv2-MIB snmp group and usmStats. */
export interface AgentStats {
  inPkts: number;
  badCommunityNames: number;
  asnParseErrs: number;
  unknownUserNames: number;
  wrongDigests: number;
  decryptionErrors: number;
}

export function emptyStats(): AgentStats {
  return { inPkts: 0, badCommunityNames: 0, asnParseErrs: 0, unknownUserNames: 0, wrongDigests: 0, decryptionErrors: 0 };
}

/**
 * Counts a request net-snmp's agent rejected. It reports them only through its callback, as error objects:
 * digest and decryption failures carry a code, unknown communities and users only a message.
 */
export function countRejection(stats: AgentStats, error: Error): void {
  const code = (error as Error & { code?: number }).code;
  if (error.name === 'ResponseInvalidError' && code === snmp.ResponseInvalidCode.EAuthFailure) stats.wrongDigests++;
  else if (error.name === 'ResponseInvalidError' && code === snmp.ResponseInvalidCode.ECouldNotDecrypt) stats.decryptionErrors++;
  else if (error.message.startsWith('Local community not found')) stats.badCommunityNames++;
  else if (error.message.startsWith('Local user not found')) stats.unknownUserNames++;
  else if (error.name === 'ProcessingError') stats.asnParseErrs++;
}

/** SNMPv2-MIB snmp group and SNMP-USER-BASED-SM-MIB usmStats, served from the live counts. */
export function snmpStatsMib(stats: AgentStats): MibSpec {
  const c = (f: () => number) => () => f() % 2 ** 32;
  const snmpGroup = '1.3.6.1.2.1.11';
  const usm = '1.3.6.1.6.3.15.1.1';
  return {
    scalars: [
      { oid: `${snmpGroup}.1`, type: T.Counter, value: c(() => stats.inPkts) },
      { oid: `${snmpGroup}.3`, type: T.Counter, value: 0 },
      { oid: `${snmpGroup}.4`, type: T.Counter, value: c(() => stats.badCommunityNames) },
      { oid: `${snmpGroup}.5`, type: T.Counter, value: 0 },
      { oid: `${snmpGroup}.6`, type: T.Counter, value: c(() => stats.asnParseErrs) },
      { oid: `${snmpGroup}.30`, type: T.Integer, value: 2 },
      { oid: `${snmpGroup}.31`, type: T.Counter, value: 0 },
      { oid: `${usm}.1`, type: T.Counter, value: 0 },
      { oid: `${usm}.2`, type: T.Counter, value: 0 },
      { oid: `${usm}.3`, type: T.Counter, value: c(() => stats.unknownUserNames) },
      { oid: `${usm}.4`, type: T.Counter, value: 0 },
      { oid: `${usm}.5`, type: T.Counter, value: c(() => stats.wrongDigests) },
      { oid: `${usm}.6`, type: T.Counter, value: c(() => stats.decryptionErrors) },
    ],
    tables: [],
  };
}
