import type { DashboardLink } from './builder';

/** Stable uids: Grafana URLs (/d/<uid>) and links between dashboards depend on them. */
export const UID = {
  overview: 'yunet-overview',
  device: 'yunet-device',
  dualstack: 'yunet-dualstack',
  field: 'yunet-field',
  drill: 'yunet-drill',
} as const;

export const TAGS = ['yunet'];

/** Opens the device detail for the device in the clicked row, keeping the time range and data source. */
export const deviceDetailLink = {
  title: '设备详情 Device detail',
  url: `/d/${UID.device}?var-datasource=\${datasource}&var-device=\${__data.fields.device}&\${__url_time_range}`,
};

export const overviewLink: DashboardLink = { title: '网络总览 Network overview', url: `/d/${UID.overview}`, tooltip: 'All devices, poll health, top interfaces' };
export const deviceLink: DashboardLink = { title: '设备详情 Device detail', url: `/d/${UID.device}`, tooltip: 'One device: traffic, utilisation, errors, status, CPU and memory' };
export const dualstackLink: DashboardLink = { title: '双栈就绪 Dual-stack readiness', url: `/d/${UID.dualstack}`, tooltip: 'IPv6 / SRv6 readiness per unit' };
export const fieldLink: DashboardLink = { title: '5G与外场建设 5G and field build-out', url: `/d/${UID.field}`, tooltip: '5G stations, blind spots, three-line hazards' };
export const drillLink: DashboardLink = { title: '攻防演练 Drill board', url: `/d/${UID.drill}`, tooltip: 'What an attacker does to the network during a drill' };

/** Interface status values (IF-MIB ifOperStatus / ifAdminStatus). */
export const ifStatusMappings = {
  '1': { text: '运行 up', color: 'green' },
  '2': { text: '关闭 down', color: 'red' },
  '3': { text: '测试 testing', color: 'blue' },
  '4': { text: '未知 unknown', color: 'purple' },
  '5': { text: '休眠 dormant', color: 'yellow' },
  '6': { text: '不存在 notPresent', color: 'gray' },
  '7': { text: '下层关闭 lowerLayerDown', color: 'orange' },
};

/** Hides Grafana's Time column in tables built from instant queries. */
export const hideTime = { id: 'organize', options: { excludeByName: { Time: true, __name__: true, job: true, instance: true } } };
