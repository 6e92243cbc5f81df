import type { DemoDevice } from '../model';

/** Town access router with IPv6 switched on at the uplink only (link-local, no global addresses yet). */
export const zteZxr10: DemoDevice = {
  name: 'nc-acc-zxr10',
  unit: '南村镇人民政府',
  role: 'access',
  vendor: 'zte',
  credential: 'v2c',
  sys: {
    objectID: '1.3.6.1.4.1.3902.3.100.5960',
    descr: 'ZXR10 5960-56QU-HF, ZTE ZXR10 Software Version: V5.00.10.40, Copyright (c) 2000-2020 by ZTE Corporation',
    name: 'NC-ZWWW-ACC-ZXR10',
    location: '番禺区南村镇 政务服务中心 二楼机房',
    contact: '南村镇党政综合办 信息化专干',
  },
  interfaces: [
    { ifIndex: 49, name: 'xgei-1/1/0/49', alias: '上联 联通政务外网专线 至区核心', speedMbps: 10000, ipv4: ['198.18.47.254/30'], ipv6Enabled: true, traffic: { in: 0.11, out: 0.07 } },
    { ifIndex: 1, name: 'gei-1/1/0/1', alias: '南村镇政务服务中心 办事大厅', speedMbps: 1000, traffic: { in: 0.14, out: 0.06 } },
    { ifIndex: 2, name: 'gei-1/1/0/2', alias: '南村镇 应急指挥中心 视频会商', speedMbps: 1000, traffic: { in: 0.02, out: 0.22, packetSize: [200, 1250] } },
    { ifIndex: 3, name: 'gei-1/1/0/3', alias: '里仁洞村 村委会', speedMbps: 100, traffic: { in: 0.3, out: 0.18, discardsPerHour: 50 } },
    { ifIndex: 110, name: 'vlan10', alias: '南村镇 政务业务网段', type: 136, speedMbps: 1000, ipv4: ['198.18.32.1/24'] },
  ],
  entities: [{ index: 1, name: 'MP slot 1', cpu: 27, memory: 52 }],
  ip: {
    ipv6Forwarding: true,
    ipv6Mib: 'ip-mib',
    ipv6Share: 0,
    routes: [
      { dest: '0.0.0.0/0', nextHop: '198.18.47.253', ifIndex: 49, proto: 3 },
      { dest: '198.18.32.0/24', nextHop: '0.0.0.0', ifIndex: 110, proto: 2 },
    ],
  },
};
