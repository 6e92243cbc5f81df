import type { DemoDevice } from '../model';

/**
 * Street-office access switch, IPv4 only. Its service VLAN still uses an address from the old plan that
 * now belongs to 石碁镇 (198.18.16.0/20): the address-plan finding of the demo.
 */
export const ruijieS5750: DemoDevice = {
  name: 'dl-acc-s5750',
  unit: '大龙街道办事处',
  role: 'access',
  vendor: 'ruijie',
  credential: 'v2c',
  sys: {
    objectID: '1.3.6.1.4.1.4881.1.1.10.1.184',
    descr: 'Ruijie Full Gigabit Security & Intelligence Access Switch(S5750-28GT4XS-H) By Ruijie Networks',
    name: 'DL-ZWWW-ACC-S5750',
    location: '番禺区大龙街 街道办事处 一楼弱电间',
    contact: '大龙街党政综合办 信息化专干',
  },
  interfaces: [
    { ifIndex: 25, name: 'Te0/25', descr: 'TenGigabitEthernet 0/25', alias: '上联 电信政务外网专线 至区核心', speedMbps: 1000, ipv4: ['198.18.63.254/30'], traffic: { in: 0.24, out: 0.12 } },
    { ifIndex: 1, name: 'Gi0/1', descr: 'GigabitEthernet 0/1', alias: '大龙街 便民服务中心', speedMbps: 1000, traffic: { in: 0.09, out: 0.04 } },
    { ifIndex: 2, name: 'Gi0/2', descr: 'GigabitEthernet 0/2', alias: '大龙街 网格化管理中心', speedMbps: 1000, traffic: { in: 0.04, out: 0.03, discardsPerHour: 25 } },
    { ifIndex: 3, name: 'Gi0/3', descr: 'GigabitEthernet 0/3', alias: '新桥村 党群服务站 (无线网桥)', speedMbps: 100,
      flap: { everySeconds: 660, downSeconds: 30 }, traffic: { in: 0.15, out: 0.08, errorsPerHour: 90 } },
    { ifIndex: 4106, name: 'VLAN 10', alias: '政务服务网段 (沿用旧规划地址)', type: 136, speedMbps: 1000, ipv4: ['198.18.20.1/24'] },
    { ifIndex: 4116, name: 'VLAN 20', alias: '网格员终端网段', type: 136, speedMbps: 1000, ipv4: ['198.18.49.1/24'] },
  ],
  entities: [{ index: 1, name: 'Main board', cpu: 9, memory: 38 }],
  ip: {
    ipv6Forwarding: false,
    ipv6Mib: 'ip-mib',
    ipv6Share: 0,
    routes: [
      { dest: '0.0.0.0/0', nextHop: '198.18.63.253', ifIndex: 25, proto: 3 },
      { dest: '198.18.49.0/24', nextHop: '0.0.0.0', ifIndex: 4116, proto: 2 },
    ],
  },
};
