import type { DemoDevice } from '../model';

/**
 * District core router. Reports IPv6 addresses only in IPV6-MIB (as Huawei NE/CE do), runs SRv6 with a
 * locator from the district block, and its upstream 100GE counter has run for years: close to 2^64.
 */
export const huaweiNe40e: DemoDevice = {
  name: 'py-core-ne40e',
  unit: '区政务服务数据管理局',
  role: 'core',
  vendor: 'huawei',
  credential: 'v3',
  sys: {
    objectID: '1.3.6.1.4.1.2011.2.62.2.9',
    descr: 'Huawei Versatile Routing Platform Software\r\nVRP (R) software, Version 8.210 (NE40E V800R013C00SPC100)\r\nCopyright (C) 2012-2021 Huawei Technologies Co., Ltd.\r\nHUAWEI NE40E-X8A',
    name: 'PY-ZWWW-CORE-NE40E-01',
    location: '番禺区市桥街 区政务服务数据管理局 核心机房 A03 机柜',
    contact: '区政务服务数据管理局 网络组 020-84600000',
  },
  interfaces: [
    { ifIndex: 6, name: '100GE1/0/0', alias: '上联 广州市电子政务外网 城域核心', speedMbps: 100000, mtu: 9000, ipv4: ['198.18.0.1/30'], ipv6: ['2001:db8:1000:1::1/64'],
      traffic: { in: 0.38, out: 0.31, inOctetsBase: 18446744073709551616n - 20000000000000000n - 7654321n } },
    { ifIndex: 7, name: '100GE1/0/1', alias: '下联 区政务核心交换机 C9500', speedMbps: 100000, mtu: 9000, ipv4: ['198.18.0.5/30'], ipv6: ['2001:db8:1000:2::1/64'], traffic: { in: 0.22, out: 0.27 } },
    { ifIndex: 8, name: '10GE1/1/0', alias: '下联 电信政务外网专线 城域汇聚 (石碁镇/大龙街)', speedMbps: 10000, ipv4: ['198.18.0.9/30'], ipv6: ['2001:db8:1000:3::1/64'], traffic: { in: 0.16, out: 0.21 } },
    { ifIndex: 9, name: '10GE1/1/1', alias: '下联 联通政务外网专线 城域汇聚 (南村镇)', speedMbps: 10000, ipv4: ['198.18.0.13/30'], ipv6: ['2001:db8:1000:4::1/64'], traffic: { in: 0.07, out: 0.11, errorsPerHour: 6 } },
    { ifIndex: 10, name: 'GE1/2/0', alias: '4G备份链路 (中国电信)', speedMbps: 1000, ipv4: ['198.18.0.17/30'], ipv6: ['2001:db8:1000:5::1/64'],
      flap: { everySeconds: 900, downSeconds: 40 }, traffic: { in: 0.01, out: 0.01, discardsPerHour: 30 } },
    { ifIndex: 11, name: 'GE1/2/1', alias: '预留 未启用', speedMbps: 1000, shutdown: true },
    { ifIndex: 12, name: 'LoopBack0', descr: 'LoopBack0', alias: '路由器ID', type: 24, speedMbps: 0, ipv4: ['198.18.15.1/32'], ipv6: ['2001:db8:1000:ffff::1/128'] },
  ],
  entities: [
    { index: 16842753, name: 'MPU Board 9', cpu: 23, memory: 41 },
    { index: 16842754, name: 'MPU Board 10', cpu: 4, memory: 33 },
    { index: 16908289, name: 'LPU Board 1', cpu: 31, memory: 47 },
    { index: 16973825, name: 'FAN 1', cpu: 0, memory: 0 },
    { index: 17039361, name: 'PWR 1', cpu: 0, memory: 0 },
  ],
  ip: {
    ipv6Forwarding: true,
    ipv6Mib: 'ipv6-mib',
    ipv6Share: 0.31,
    routes: [
      { dest: '0.0.0.0/0', nextHop: '198.18.0.2', ifIndex: 6, proto: 14 },
      { dest: '198.18.16.0/20', nextHop: '198.18.0.10', ifIndex: 8, proto: 14 },
      { dest: '198.18.48.0/20', nextHop: '198.18.0.10', ifIndex: 8, proto: 14 },
      { dest: '198.18.32.0/20', nextHop: '198.18.0.14', ifIndex: 9, proto: 14 },
      { dest: '::/0', nextHop: '2001:db8:1000:1::2', ifIndex: 6, proto: 14 },
      { dest: '2001:db8:1000:100::/56', nextHop: '2001:db8:1000:2::2', ifIndex: 7, proto: 9 },
      { dest: '2001:db8:1010::/48', nextHop: '2001:db8:1000:3::2', ifIndex: 8, proto: 14 },
      { dest: '2001:db8:ff00:10::/64', nextHop: '::', ifIndex: 12, proto: 2 },
    ],
  },
  srv6: { capable: true, enabled: true, locator: '2001:db8:ff00:10::/64' },
};
