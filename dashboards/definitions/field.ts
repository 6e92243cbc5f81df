import type { DashboardSpec } from '../builder';
import { TAGS, UID, overviewLink } from '../common';

const t = 'town=~"$town"';
const DISTRICT = '全区';

/** 5G与外场建设: 5G stations against yearly targets, blind spots and three-line hazards, per town. */
export const field: DashboardSpec = {
  uid: UID.field,
  title: '5G与外场建设 5G and field build-out',
  description: '5G base station build-out per town against the yearly target (and the district), stations by status and operator, open coverage blind spots by age, three-line hazards open and overdue by town and owner.',
  tags: TAGS,
  links: [overviewLink],
  time: 'now-30d',
  variables: [
    { name: 'year', label: '年度 Year', query: 'label_values(yunet_5g_build_target, year)', description: 'Build year of the targets.' },
    { name: 'town', label: '镇街 Town', query: 'label_values(yunet_5g_stations, town)', multi: true, includeAll: true, description: 'Town or street (镇街).' },
  ],
  panels: [
    {
      type: 'gauge',
      title: '全区完成率 District completion',
      description: `5G stations built (on air or accepted) in the year over the district target (town="${DISTRICT}").`,
      unit: 'percentunit',
      w: 6,
      min: 0,
      max: 1.2,
      baseColor: 'red',
      thresholds: [[0.8, 'orange'], [1, 'green']],
      targets: [{ expr: `yunet_5g_build_completion_ratio{year="$year", town="${DISTRICT}"}`, legend: DISTRICT }],
    },
    {
      type: 'bargauge',
      title: '各镇街完成率 Completion per town',
      description: 'Per town, stations built in the year over the town target; the bar turns green at 100%.',
      unit: 'percentunit',
      w: 18,
      min: 0,
      max: 1.2,
      baseColor: 'red',
      thresholds: [[0.8, 'orange'], [1, 'green']],
      targets: [{ expr: `sort_desc(yunet_5g_build_completion_ratio{year="$year", town!="${DISTRICT}", ${t}})`, legend: '{{town}}', instant: true, format: 'time_series' }],
    },
    {
      type: 'table',
      title: '目标与建成 Target and built',
      description: 'Per town, the yearly target and the stations built in the year.',
      unit: 'short',
      targets: [
        { expr: `yunet_5g_build_target{year="$year", ${t}}`, instant: true },
        { expr: `yunet_5g_built{year="$year", ${t}}`, instant: true },
      ],
      transformations: [
        { id: 'merge', options: {} },
        { id: 'organize', options: { excludeByName: { Time: true, job: true, instance: true, year: true }, renameByName: { town: '镇街 Town', 'Value #A': '目标 Target', 'Value #B': '建成 Built' } } },
      ],
    },
    {
      type: 'piechart',
      title: '站点状态 Stations by status',
      description: 'All 5G stations in the selected towns by status (planned → … → on_air → accepted, cancelled).',
      unit: 'short',
      targets: [{ expr: `sum by (status) (yunet_5g_stations{${t}})`, legend: '{{status}}', instant: true, format: 'time_series' }],
    },
    {
      type: 'bargauge',
      title: '运营商在网站点 Stations on air by operator',
      description: 'Stations on air or accepted per operator in the selected towns.',
      unit: 'short',
      targets: [{ expr: `sum by (operator) (yunet_5g_stations{${t}, status=~"on_air|accepted"})`, legend: '{{operator}}', instant: true, format: 'time_series' }],
    },
    {
      type: 'timeseries',
      title: '站点建设进展 Stations by status over time',
      description: 'Stations per status over time in the selected towns (stacked).',
      unit: 'short',
      custom: { stacking: { mode: 'normal', group: 'A' }, fillOpacity: 30 },
      targets: [{ expr: `sum by (status) (yunet_5g_stations{${t}, status!="cancelled"})`, legend: '{{status}}' }],
    },
    {
      type: 'bargauge',
      title: '未解决盲点最长时长 Oldest open blind spot',
      description: 'Per town, the age in days of the oldest blind spot not yet resolved or closed.',
      unit: 'd',
      thresholds: [[30, 'orange'], [90, 'red']],
      targets: [{ expr: `sort_desc(yunet_blind_spot_open_age_days_max{${t}})`, legend: '{{town}}', instant: true, format: 'time_series' }],
    },
    {
      type: 'table',
      title: '信号盲点 Blind spots',
      description: 'Blind spots per town, category and status.',
      unit: 'short',
      targets: [{ expr: `sum by (town, category, status) (yunet_blind_spots{${t}})`, instant: true }],
      transformations: [
        { id: 'groupingToMatrix', options: { columnField: 'status', rowField: 'town', valueField: 'Value' } },
      ],
    },
    {
      type: 'bargauge',
      title: '未整改隐患 Hazards open by town',
      description: 'Three-line hazards (power, telecom, cable TV) not yet remediated or verified, per town.',
      unit: 'short',
      targets: [{ expr: `sort_desc(sum by (town) (yunet_line_hazards{${t}, status!~"remediated|verified"}))`, legend: '{{town}}', instant: true, format: 'time_series' }],
    },
    {
      type: 'table',
      title: '逾期隐患 Overdue hazards by town and owner',
      description: 'Hazards past their deadline and not remediated, per town and owning organisation.',
      unit: 'short',
      thresholds: [[1, 'red']],
      custom: { cellOptions: { type: 'color-text' } },
      targets: [{ expr: `sort_desc(sum by (town, owner) (yunet_line_hazards_overdue{${t}}))`, instant: true }],
      transformations: [{ id: 'organize', options: { excludeByName: { Time: true }, renameByName: { town: '镇街 Town', owner: '责任单位 Owner', Value: '逾期 Overdue' } } }],
    },
    {
      type: 'table',
      title: '隐患（按线路与严重度）Hazards by line type and severity',
      description: 'Open hazards per line type (power, telecom, catv) and severity in the selected towns.',
      unit: 'short',
      targets: [{ expr: `sum by (line_type, severity) (yunet_line_hazards{${t}, status!~"remediated|verified"})`, instant: true }],
      transformations: [{ id: 'groupingToMatrix', options: { columnField: 'severity', rowField: 'line_type', valueField: 'Value' } }],
    },
    {
      type: 'bargauge',
      title: '年度已整改隐患 Hazards remediated in the year',
      description: 'Hazards remediated in the selected year per town.',
      unit: 'short',
      targets: [{ expr: `sort_desc(yunet_line_hazards_remediated{year="$year", town!="${DISTRICT}", ${t}})`, legend: '{{town}}', instant: true, format: 'time_series' }],
    },
  ],
};
