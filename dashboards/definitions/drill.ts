import type { DashboardSpec } from '../builder';
import { TAGS, UID, deviceDetailLink, deviceLink, hideTime, overviewLink } from '../common';
import { knownTraps } from '../../src/traps/recognise';

const u = 'unit=~"$unit"';
/** Trap names the receiver recognises as configuration changes (Cisco, Huawei …). */
const configTraps = Object.values(knownTraps)
  .filter((t) => t.category === 'config')
  .map((t) => t.name)
  .join('|');
const authCounters = [
  ['snmpInBadCommunityNames', '错误团体名 bad community'],
  ['usmStatsWrongDigests', 'v3 错误摘要 wrong digest'],
  ['usmStatsUnknownUserNames', 'v3 未知用户 unknown user'],
] as const;

/** 攻防演练: what an attacker does to the network during a drill window, as the security team watches it. */
export const drill: DashboardSpec = {
  uid: UID.drill,
  title: '攻防演练 Drill board',
  description:
    'For the security team during an attack-defense drill (粤盾): active drill, SNMP authentication failures, traps by type, unknown trap sources, configuration changes, interface flaps, devices down and firing alerts.',
  tags: TAGS,
  links: [overviewLink, deviceLink],
  time: 'now-3h',
  variables: [{ name: 'unit', label: '单位 Unit', query: 'label_values(yunet_device_up, unit)', multi: true, includeAll: true, description: 'Owning unit of the devices.' }],
  annotations: [{ name: '演练窗口 Drill window', expr: 'yunet_drill_active == 1', title: '演练 drill {{drill}}', iconColor: 'red' }],
  panels: [
    {
      type: 'stat',
      title: '演练 Drills',
      description: 'Each drill window known to yunet: 演练中 active now, or not.',
      unit: 'none',
      w: 6,
      h: 5,
      baseColor: 'text',
      thresholds: [[1, 'red']],
      mappings: { '0': { text: '未进行 inactive', color: 'text' }, '1': { text: '演练中 active', color: 'red' } },
      targets: [{ expr: 'yunet_drill_active', legend: '{{drill}}' }],
    },
    {
      type: 'stat',
      title: '认证失败 Authentication failures',
      description: 'SNMP requests the devices rejected in the time range: wrong community, wrong v3 digest, unknown v3 user (device counters).',
      unit: 'short',
      w: 6,
      h: 5,
      thresholds: [[1, 'orange'], [50, 'red']],
      // Each counter on its own (a device may lack the USM ones); increase() over several names at once would clash.
      targets: [{ expr: authCounters.map(([m]) => `(sum(increase(${m}{${u}}[$__range])) or vector(0))`).join(' + '), legend: '认证失败 auth failures' }],
    },
    {
      type: 'stat',
      title: '未知来源陷阱 Traps from unknown sources',
      description: 'Traps and informs in the time range from addresses that match no inventory device.',
      unit: 'short',
      w: 6,
      h: 5,
      thresholds: [[1, 'red']],
      targets: [{ expr: 'sum(increase(yunet_snmp_traps_unknown_source_total[$__range])) or vector(0)', legend: '未知来源 unknown' }],
    },
    {
      type: 'stat',
      title: '离线设备 Devices down',
      description: 'Devices whose last poll got no answer: an attacker may have cut or overloaded them.',
      unit: 'short',
      w: 6,
      h: 5,
      thresholds: [[1, 'red']],
      targets: [{ expr: `count(yunet_device_up{${u}} == 0) or vector(0)`, legend: '离线 down' }],
    },
    {
      type: 'timeseries',
      title: '认证失败趋势 Authentication failures by device',
      description: 'Per device and counter, SNMP requests rejected per interval (snmpInBadCommunityNames, usmStatsWrongDigests, usmStatsUnknownUserNames): guessed communities and wrong v3 keys.',
      unit: 'short',
      custom: { drawStyle: 'bars', fillOpacity: 60, stacking: { mode: 'normal', group: 'A' } },
      targets: authCounters.map(([m, label]) => ({ expr: `sum by (device) (increase(${m}{${u}}[$__rate_interval]))`, legend: `{{device}} ${label}` })),
    },
    {
      type: 'timeseries',
      title: '陷阱（按类型）Traps by type',
      description: 'Traps and informs from inventory devices per interval by type (coldStart, linkDown, authenticationFailure, configuration changes …, other).',
      unit: 'short',
      custom: { drawStyle: 'bars', fillOpacity: 60, stacking: { mode: 'normal', group: 'A' } },
      targets: [{ expr: 'sum by (trap) (increase(yunet_snmp_traps_total[$__rate_interval]))', legend: '{{trap}}' }],
    },
    {
      type: 'table',
      title: '未知陷阱来源 Unknown trap sources',
      description: 'Addresses that sent traps but match no device, with the count in the time range (beyond the configured limit they count as "other").',
      unit: 'short',
      w: 8,
      targets: [{ expr: 'sort_desc(sum by (source) (increase(yunet_snmp_traps_unknown_source_total[$__range])))', instant: true }],
      transformations: [hideTime],
    },
    {
      type: 'table',
      title: '配置变更 Configuration changes',
      description: `Configuration-change notifications (${configTraps}) per device in the time range.`,
      unit: 'short',
      w: 8,
      links: [deviceDetailLink],
      targets: [{ expr: `sum by (device, trap) (increase(yunet_snmp_traps_total{trap=~"${configTraps}"}[$__range])) > 0`, instant: true }],
      transformations: [hideTime],
    },
    {
      type: 'table',
      title: '接口翻动 Interface flaps',
      description: 'Interface state changes per device and interface in the time range, from changes of ifLastChange (ports coming up where nothing should).',
      unit: 'short',
      w: 8,
      links: [deviceDetailLink],
      targets: [{ expr: `topk(10, sum by (device, ifName) (changes(ifLastChange{${u}}[$__range])))`, instant: true }],
      transformations: [hideTime],
    },
    {
      type: 'table',
      title: '离线设备列表 Devices down',
      description: 'Devices whose last poll failed; click a row for the device detail.',
      unit: 'none',
      w: 8,
      links: [deviceDetailLink],
      targets: [{ expr: `yunet_device_up{${u}} == 0`, instant: true }],
      transformations: [hideTime],
    },
    {
      type: 'table',
      title: '正在告警 Firing alerts',
      description: 'Alerts firing now in Prometheus (yunet rules from alerts/), with severity and labels.',
      unit: 'none',
      w: 16,
      targets: [{ expr: 'ALERTS{alertstate="firing"}', instant: true }],
      transformations: [{ id: 'organize', options: { excludeByName: { Time: true, __name__: true, Value: true, alertstate: true } } }],
    },
    {
      type: 'timeseries',
      title: '被拒绝的陷阱 Rejected trap datagrams',
      description: 'Datagrams the trap receiver dropped per interval: bad community, bad v3 auth, malformed, unsupported, overload.',
      unit: 'short',
      w: 24,
      targets: [{ expr: 'sum by (reason) (increase(yunet_snmp_traps_rejected_total[$__rate_interval]))', legend: '{{reason}}' }],
    },
  ],
};
