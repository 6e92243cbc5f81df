import type { DemoDevice } from '../model';

/** Town aggregation switch: IPv6 addresses everywhere, but no IPv6 routing yet (dual-stack addressed, not in service). */
export const h3cS6520: DemoDevice = {
  name: 'sq-agg-s6520',
  unit: '石碁镇人民政府',
  role: 'aggregation',
  vendor: 'h3c',
  credential: 'v2c',
  sys: {
    objectID: '1.3.6.1.4.1.25506.1.2293',
    descr: 'H3C Comware Platform Software, Software Version 7.1.070, Release 6628P20\r\nH3C S6520X-30QC-EI\r\nCopyright (c) 2004-2021 New H3C Technologies Co., Ltd. All rights reserved.',
    name: 'SQ-ZWWW-AGG-S6520X',
    location: '番禺区石碁镇 政务服务中心 三楼弱电间',
    contact: '石碁镇党政综合办 信息化专干',
  },
  interfaces: [
    { ifIndex: 49, name: 'XGE1/0/49', descr: 'Ten-GigabitEthernet1/0/49', alias: '上联 电信政务外网专线 至区核心', speedMbps: 10000,
      ipv4: ['198.18.31.254/30'], ipv6: ['2001:db8:1010:ffff::2/64'], traffic: { in: 0.21, out: 0.16 } },
    { ifIndex: 1, name: 'GE1/0/1', descr: 'GigabitEthernet1/0/1', alias: '石碁镇政务服务中心 一楼办事大厅', speedMbps: 1000, traffic: { in: 0.18, out: 0.09 } },
    { ifIndex: 2, name: 'GE1/0/2', descr: 'GigabitEthernet1/0/2', alias: '石碁镇 综治中心 视频监控', speedMbps: 1000, traffic: { in: 0.05, out: 0.41, packetSize: [300, 1300] } },
    { ifIndex: 3, name: 'GE1/0/3', descr: 'GigabitEthernet1/0/3', alias: '前锋村 党群服务站 (光纤)', speedMbps: 1000,
      flap: { everySeconds: 1320, downSeconds: 90 }, traffic: { in: 0.03, out: 0.04, errorsPerHour: 20 } },
    { ifIndex: 510, name: 'Vlan10', descr: 'Vlan-interface10', alias: '镇政务服务网段', type: 136, speedMbps: 10000, ipv4: ['198.18.16.1/24'], ipv6: ['2001:db8:1010:10::1/64'] },
    { ifIndex: 520, name: 'Vlan20', descr: 'Vlan-interface20', alias: '村居接入网段', type: 136, speedMbps: 10000, ipv4: ['198.18.17.1/24'], ipv6: ['2001:db8:1010:20::1/64'] },
  ],
  entities: [
    { index: 2, name: 'Board slot 1', cpu: 12, memory: 46 },
    { index: 21, name: 'Fan 1', cpu: 0, memory: 0 },
  ],
  ip: {
    ipv6Forwarding: true,
    ipv6Mib: 'ip-mib',
    ipv6Share: 0,
    routes: [
      { dest: '0.0.0.0/0', nextHop: '198.18.31.253', ifIndex: 49, proto: 14 },
      { dest: '198.18.16.0/24', nextHop: '0.0.0.0', ifIndex: 510, proto: 2 },
    ],
  },
};
