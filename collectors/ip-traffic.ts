import type { Collector, Sample } from './types';
import { IP_TRAFFIC_GET, ipCounters } from './ip-evidence';

/** ipSystemStats HC octets by IP version, every cycle: IPv6 traffic share needs fresh deltas. */
export const ipTraffic: Collector = {
  name: 'ip-traffic',
  appliesTo: () => true,
  get: IP_TRAFFIC_GET,
  metrics: [
    { name: 'ipSystemStatsHCInOctets', help: 'Octets received in IP datagrams, by IP version (64-bit). - 1.3.6.1.2.1.4.31.1.1.6', type: 'counter' },
    { name: 'ipSystemStatsHCOutOctets', help: 'Octets in IP datagrams delivered to the lower layers for transmission, by IP version (64-bit). - 1.3.6.1.2.1.4.31.1.1.33', type: 'counter' },
    { name: 'ipSystemStatsDiscontinuityTime', help: 'sysUpTime at the most recent discontinuity of the ipSystemStats counters of this IP version. - 1.3.6.1.2.1.4.31.1.1.46', type: 'gauge' },
  ],
  parse({ get }) {
    const samples: Sample[] = [];
    const counters = ipCounters(get);
    for (const [ipVersion, c] of Object.entries(counters)) {
      if (!c) continue;
      const labels = { ipVersion };
      samples.push({ name: 'ipSystemStatsHCInOctets', labels, value: c.in });
      samples.push({ name: 'ipSystemStatsHCOutOctets', labels, value: c.out });
      if (c.discontinuity !== null) samples.push({ name: 'ipSystemStatsDiscontinuityTime', labels, value: c.discontinuity });
    }
    return { samples, evidence: { ipCounters: counters } };
  },
};
