import type { DemoDevice } from '../model';

/** The extranet's log-audit server (net-snmp on Debian): HOST-RESOURCES-MIB, dual-stack in service. */
export const linuxHost: DemoDevice = {
  name: 'py-log-01',
  unit: '区政务服务数据管理局',
  role: 'server',
  vendor: 'linux',
  credential: 'v3',
  sys: {
    objectID: '1.3.6.1.4.1.8072.3.2.10',
    descr: 'Linux py-log-01 5.10.0-28-amd64 #1 SMP Debian 5.10.209-2 (2024-01-31) x86_64',
    name: 'py-log-01',
    location: '番禺区市桥街 区政务服务数据管理局 政务云机房 B12',
    contact: '安全组 日志审计',
  },
  interfaces: [
    { ifIndex: 1, name: 'lo', alias: '', type: 24, speedMbps: 10, mtu: 65536, ipv4: ['127.0.0.1/8'], ipv6: ['::1/128'], traffic: { in: 0.002, out: 0.002 } },
    { ifIndex: 2, name: 'ens192', alias: '政务云 服务器区 Vlan100 (日志接收)', speedMbps: 10000, ipv4: ['198.18.1.20/24'], ipv6: ['2001:db8:1000:100::20/64'],
      traffic: { in: 0.08, out: 0.01, packetSize: [420, 90] } },
    { ifIndex: 3, name: 'ens224', alias: '带内管理 Vlan900', speedMbps: 1000, ipv4: ['198.18.9.20/24'], ipv6: ['2001:db8:1000:900::20/64'], traffic: { in: 0.003, out: 0.004 } },
  ],
  entities: [
    { index: 196608, name: 'cpu0', cpu: 21, memory: 0 },
    { index: 196609, name: 'cpu1', cpu: 17, memory: 0 },
    { index: 196610, name: 'cpu2', cpu: 24, memory: 0 },
    { index: 196611, name: 'cpu3', cpu: 15, memory: 0 },
  ],
  host: {
    ramKiB: 32 * 1024 * 1024,
    ramUsed: 19 * 1024 * 1024,
    disks: [
      { descr: '/', sizeKiB: 100 * 1024 * 1024, used: 31 * 1024 * 1024 },
      { descr: '/var/log', sizeKiB: 2 * 1024 * 1024 * 1024, used: 1.3 * 1024 * 1024 * 1024 },
    ],
  },
  ip: {
    ipv6Forwarding: false,
    ipv6Mib: 'ip-mib',
    ipv6Share: 0.42,
    routes: [
      { dest: '0.0.0.0/0', nextHop: '198.18.1.1', ifIndex: 2, proto: 3 },
      { dest: '198.18.1.0/24', nextHop: '0.0.0.0', ifIndex: 2, proto: 2 },
      { dest: '::/0', nextHop: '2001:db8:1000:100::1', ifIndex: 2, proto: 3 },
      { dest: '2001:db8:1000:100::/64', nextHop: '::', ifIndex: 2, proto: 2 },
      { dest: '2001:db8:1000:900::/64', nextHop: '::', ifIndex: 3, proto: 2 },
    ],
  },
};
