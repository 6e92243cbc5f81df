import type { Collector, Sample } from './types';
import { num, scalar } from './decode';

const counters = {
  snmpInPkts: ['1.3.6.1.2.1.11.1.0', 'The total number of messages delivered to the SNMP entity from the transport service.'],
  snmpInBadVersions: ['1.3.6.1.2.1.11.3.0', 'The total number of SNMP messages which were for an unsupported SNMP version.'],
  snmpInBadCommunityNames: ['1.3.6.1.2.1.11.4.0', 'The total number of community-based SNMP messages that used an unknown community name.'],
  snmpInBadCommunityUses: ['1.3.6.1.2.1.11.5.0', 'The total number of community-based SNMP messages that asked for an operation not allowed by the community.'],
  snmpInASNParseErrs: ['1.3.6.1.2.1.11.6.0', 'The total number of ASN.1 or BER errors encountered when decoding received SNMP messages.'],
  snmpSilentDrops: ['1.3.6.1.2.1.11.31.0', 'The total number of requests silently dropped because the reply would exceed a size limit.'],
  usmStatsUnsupportedSecLevels: ['1.3.6.1.6.3.15.1.1.1.0', 'Packets dropped because they requested an unknown or unavailable securityLevel.'],
  usmStatsNotInTimeWindows: ['1.3.6.1.6.3.15.1.1.2.0', "Packets dropped because they appeared outside of the authoritative engine's time window."],
  usmStatsUnknownUserNames: ['1.3.6.1.6.3.15.1.1.3.0', 'Packets dropped because they referenced an unknown user.'],
  usmStatsUnknownEngineIDs: ['1.3.6.1.6.3.15.1.1.4.0', 'Packets dropped because they referenced an unknown snmpEngineID.'],
  usmStatsWrongDigests: ['1.3.6.1.6.3.15.1.1.5.0', "Packets dropped because they didn't contain the expected digest value."],
  usmStatsDecryptionErrors: ['1.3.6.1.6.3.15.1.1.6.0', 'Packets dropped because they could not be decrypted.'],
} as const;

const SNMP_ENABLE_AUTHEN_TRAPS = '1.3.6.1.2.1.11.30.0';

/** SNMPv2-MIB snmp group and SNMP-USER-BASED-SM-MIB usmStats: how often someone knocks with wrong credentials. */
export const snmpSecurity: Collector = {
  name: 'snmp-security',
  appliesTo: () => true,
  get: [...Object.values(counters).map(([oid]) => oid), SNMP_ENABLE_AUTHEN_TRAPS],
  metrics: [
    ...Object.entries(counters).map(([name, [oid, help]]) => ({ name, help: `${help} - ${oid.replace(/\.0$/, '')}`, type: 'counter' as const })),
    { name: 'snmpEnableAuthenTraps', help: 'Whether the agent may send authenticationFailure traps (1 enabled, 2 disabled). - 1.3.6.1.2.1.11.30', type: 'gauge' },
  ],
  parse({ get }) {
    const samples: Sample[] = [];
    for (const [name, [oid]] of Object.entries(counters)) {
      const v = num(scalar(get, oid));
      if (v !== null) samples.push({ name, labels: {}, value: v });
    }
    const traps = num(scalar(get, SNMP_ENABLE_AUTHEN_TRAPS));
    if (traps !== null) samples.push({ name: 'snmpEnableAuthenTraps', labels: {}, value: traps });
    return { samples };
  },
};
