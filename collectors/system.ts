import type { Collector, Sample, SystemIdentity } from './types';
import { num, scalar, text } from './decode';

export const SYSTEM = {
  sysDescr: '1.3.6.1.2.1.1.1.0',
  sysObjectID: '1.3.6.1.2.1.1.2.0',
  sysUpTime: '1.3.6.1.2.1.1.3.0',
  sysContact: '1.3.6.1.2.1.1.4.0',
  sysName: '1.3.6.1.2.1.1.5.0',
  sysLocation: '1.3.6.1.2.1.1.6.0',
} as const;

/** SNMPv2-MIB system group. Its GET runs first on every poll: it is the liveness check and names the vendor. */
export const system: Collector = {
  name: 'system',
  appliesTo: () => true,
  get: Object.values(SYSTEM),
  metrics: [
    { name: 'sysUpTime', help: 'The time (in hundredths of a second) since the network management portion of the system was last re-initialized. - 1.3.6.1.2.1.1.3', type: 'gauge' },
    { name: 'yunet_device_info', help: 'Device identity from the SNMPv2-MIB system group; value is always 1.', type: 'gauge' },
  ],
  parse({ get }, facts) {
    const upTime = num(scalar(get, SYSTEM.sysUpTime));
    const system: SystemIdentity = {
      sysName: text(scalar(get, SYSTEM.sysName)),
      sysDescr: text(scalar(get, SYSTEM.sysDescr)),
      sysObjectID: text(scalar(get, SYSTEM.sysObjectID)),
      sysLocation: text(scalar(get, SYSTEM.sysLocation)),
      sysContact: text(scalar(get, SYSTEM.sysContact)),
      sysUpTime: upTime === null ? null : Number(upTime),
    };
    const samples: Sample[] = [];
    if (upTime !== null) samples.push({ name: 'sysUpTime', labels: {}, value: upTime });
    samples.push({
      name: 'yunet_device_info',
      labels: {
        sys_name: system.sysName,
        sys_descr: system.sysDescr,
        sys_object_id: system.sysObjectID,
        sys_location: system.sysLocation,
        sys_contact: system.sysContact,
        vendor: facts.vendor,
      },
      value: 1,
    });
    return { samples, evidence: { system } };
  },
};
