import type { DemoDevice } from '../model';

/** Core switch of the bureau's server and service networks: dual-stack in service, managed over IPv6. */
export const ciscoC9500: DemoDevice = {
  name: 'py-core-c9500',
  unit: '区政务服务数据管理局',
  role: 'core',
  vendor: 'cisco',
  credential: 'v2c',
  managedOverIpv6: true,
  sys: {
    objectID: '1.3.6.1.4.1.9.1.2494',
    descr: 'Cisco IOS Software [Amsterdam], Catalyst L3 Switch Software (CAT9K_IOSXE), Version 17.3.4, RELEASE SOFTWARE (fc3)\r\nTechnical Support: http://www.cisco.com/techsupport\r\nCopyright (c) 1986-2021 by Cisco Systems, Inc.',
    name: 'PY-ZWWW-CORE-C9500-01',
    location: '番禺区市桥街 区政务服务数据管理局 核心机房 A04 机柜',
    contact: '区政务服务数据管理局 网络组 020-84600000',
  },
  interfaces: [
    { ifIndex: 49, name: 'Hu1/0/49', descr: 'HundredGigE1/0/49', alias: '上联 核心路由器 NE40E 100GE1/0/1', speedMbps: 100000, mtu: 9000,
      ipv4: ['198.18.0.6/30'], ipv6: ['2001:db8:1000:2::2/64'], traffic: { in: 0.27, out: 0.22 } },
    { ifIndex: 1, name: 'Te1/0/1', descr: 'TenGigabitEthernet1/0/1', alias: '政务云 服务器区 A', speedMbps: 10000, traffic: { in: 0.31, out: 0.44, packetSize: [1100, 950] } },
    { ifIndex: 2, name: 'Te1/0/2', descr: 'TenGigabitEthernet1/0/2', alias: '政务云 服务器区 B', speedMbps: 10000, traffic: { in: 0.26, out: 0.35, packetSize: [1100, 950] } },
    { ifIndex: 24, name: 'Gi1/0/24', descr: 'GigabitEthernet1/0/24', alias: '区政务服务中心 办事大厅 无线AC (线缆待更换)', speedMbps: 1000,
      traffic: { in: 0.12, out: 0.3, errorsPerHour: 45, discardsPerHour: 12 } },
    { ifIndex: 100, name: 'Vl100', descr: 'Vlan100', alias: '政务服务 业务网段', type: 136, speedMbps: 1000, ipv4: ['198.18.1.1/24'], ipv6: ['2001:db8:1000:100::1/64'] },
    { ifIndex: 200, name: 'Vl200', descr: 'Vlan200', alias: '视频会议网段', type: 136, speedMbps: 1000, ipv4: ['198.18.2.1/24'], ipv6: ['2001:db8:1000:200::1/64'] },
    { ifIndex: 900, name: 'Vl900', descr: 'Vlan900', alias: '带内管理网段', type: 136, speedMbps: 1000, ipv4: ['198.18.9.1/24'], ipv6: ['2001:db8:1000:900::1/64'] },
  ],
  entities: [
    { index: 1000, name: 'CPU of Switch 1', cpu: 18, memory: 0 },
    { index: 1, name: 'Processor', cpu: 0, memory: 37 },
    { index: 2, name: 'lsmpi_io', cpu: 0, memory: 61 },
  ],
  ip: {
    ipv6Forwarding: true,
    ipv6Mib: 'ip-mib',
    ipv6Share: 0.37,
    routes: [
      { dest: '0.0.0.0/0', nextHop: '198.18.0.5', ifIndex: 49, proto: 13 },
      { dest: '198.18.1.0/24', nextHop: '0.0.0.0', ifIndex: 100, proto: 2 },
      { dest: '::/0', nextHop: '2001:db8:1000:2::1', ifIndex: 49, proto: 13 },
      { dest: '2001:db8:1000:100::/64', nextHop: '::', ifIndex: 100, proto: 2 },
      { dest: '2001:db8:1000:200::/64', nextHop: '::', ifIndex: 200, proto: 2 },
      { dest: '2001:db8:1000:900::/64', nextHop: '::', ifIndex: 900, proto: 2 },
      // Learned over IS-IS from the core router: the route that shows its SRv6 locator is reachable.
      { dest: '2001:db8:ff00:10::/64', nextHop: '2001:db8:1000:2::1', ifIndex: 49, proto: 9 },
    ],
  },
};
