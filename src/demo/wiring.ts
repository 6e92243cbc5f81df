/**
 * How the demo devices are cabled, as LLDP would see it (hand-made, like the models): [device, port, device, port]
 * by inventory name and ifName. Ruijie's uplink is a carrier's leased line that does not pass LLDP, so it has
 * no neighbour.
 */
export const demoWiring: [string, string, string, string][] = [
  ['py-core-ne40e', '100GE1/0/1', 'py-core-c9500', 'Hu1/0/49'],
  ['py-core-ne40e', '10GE1/1/0', 'sq-agg-s6520', 'XGE1/0/49'],
  ['py-core-ne40e', '10GE1/1/1', 'nc-acc-zxr10', 'xgei-1/1/0/49'],
  ['py-core-c9500', 'Te1/0/1', 'py-log-01', 'ens192'],
];

/** Neighbours that are no inventory device: a wireless controller plugged in without being registered. */
export const demoStrangers: { device: string; port: string; sysName: string; portName: string; address: string }[] = [
  { device: 'py-core-c9500', port: 'Gi1/0/24', sysName: 'PY-ZWFW-WLC-01', portName: 'GE0/0/1', address: '198.18.9.30' },
];
