import { z } from 'zod';
import {
  blindSpotCategories, blindSpotSources, blindSpotStatuses, blindSpots, hazardStatuses, hazardTypes, hazards, lineTypes,
  operators, resolutions, severities, stationStatuses, stationTypes, stations,
} from '../../../db/schema/field';
import { blindSpotMachine, hazardMachine, stationMachine, type Machine } from '../status';
import { enumOf, isoDate, latitude, longitude, text, type FieldDef } from './fields';

export type KindName = 'stations' | 'blind_spots' | 'hazards';

/** A record kind: its table, fields, status machine and the checks that span fields. */
export interface Kind {
  name: KindName;
  /** Audit entity name. */
  entity: string;
  table: typeof stations | typeof blindSpots | typeof hazards;
  /** The key a record is addressed by in the API and matched by on import. */
  idKey: 'code' | 'id';
  fields: FieldDef[];
  machine: Machine;
  statusGroup: string;
  /** Cross-field rules beyond the status dates; [key, message] pairs. */
  check(r: Record<string, unknown>): [string, string][];
}

const coordsTogether = (r: Record<string, unknown>): [string, string][] =>
  (r.latitude == null) !== (r.longitude == null) ? [[r.latitude == null ? 'latitude' : 'longitude', 'latitude and longitude go together']] : [];

const dateFields = (m: Machine, zh: Record<string, string>): FieldDef[] =>
  Object.entries(m.dateField).map(([status, key]) => ({ key: key as string, prop: camel(key as string), zh: zh[status], type: 'date', schema: isoDate }));

function camel(k: string) {
  return k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

export const stationKind: Kind = {
  name: 'stations',
  entity: 'station',
  table: stations,
  idKey: 'code',
  machine: stationMachine,
  statusGroup: 'station_status',
  fields: [
    { key: 'code', prop: 'code', zh: '站点编码', aliases: ['基站编码', '编码', '站号'], type: 'text', required: true, schema: text(64).regex(/^[A-Za-z0-9_.\-]+$/, 'only letters, digits, - _ and .') },
    { key: 'name', prop: 'name', zh: '站点名称', aliases: ['基站名称', '名称'], type: 'text', required: true, schema: text(200) },
    { key: 'operator', prop: 'operator', zh: '运营商', type: 'enum', enumGroup: 'operator', required: true, schema: enumOf(operators) },
    { key: 'builder', prop: 'builder', zh: '建设单位', type: 'text', schema: text(100) },
    { key: 'town', prop: 'townId', zh: '镇街', aliases: ['镇街名称', '所属镇街'], type: 'town', required: true, schema: text(50) },
    { key: 'village', prop: 'villageId', zh: '村居', aliases: ['所属村居'], type: 'village', schema: text(100) },
    { key: 'address', prop: 'address', zh: '地址', aliases: ['详细地址'], type: 'text', schema: text(300) },
    { key: 'latitude', prop: 'latitude', zh: '纬度', type: 'real', schema: latitude },
    { key: 'longitude', prop: 'longitude', zh: '经度', type: 'real', schema: longitude },
    { key: 'type', prop: 'type', zh: '站型', aliases: ['类型', '基站类型'], type: 'enum', enumGroup: 'station_type', required: true, schema: enumOf(stationTypes) },
    { key: 'planned_year', prop: 'plannedYear', zh: '计划年份', aliases: ['规划年份', '年份'], type: 'int', required: true, schema: z.number().int().min(2000).max(2100) },
    { key: 'status', prop: 'status', zh: '状态', aliases: ['建设状态'], type: 'enum', enumGroup: 'station_status', schema: enumOf(stationStatuses) },
    ...dateFields(stationMachine, {
      approved: '审批日期', site_ready: '站址就绪日期', under_construction: '开工日期', powered: '通电日期', on_air: '开通日期', accepted: '验收日期', cancelled: '取消日期',
    }),
    { key: 'notes', prop: 'notes', zh: '备注', type: 'text', schema: text(2000) },
  ],
  check: coordsTogether,
};

export const blindSpotKind: Kind = {
  name: 'blind_spots',
  entity: 'blind_spot',
  table: blindSpots,
  idKey: 'id',
  machine: blindSpotMachine,
  statusGroup: 'blind_spot_status',
  fields: [
    { key: 'name', prop: 'name', zh: '盲点名称', aliases: ['名称'], type: 'text', required: true, schema: text(200) },
    { key: 'town', prop: 'townId', zh: '镇街', aliases: ['所属镇街'], type: 'town', required: true, schema: text(50) },
    { key: 'village', prop: 'villageId', zh: '村居', type: 'village', schema: text(100) },
    { key: 'category', prop: 'category', zh: '类别', aliases: ['类型'], type: 'enum', enumGroup: 'blind_spot_category', required: true, schema: enumOf(blindSpotCategories) },
    { key: 'location', prop: 'location', zh: '位置', aliases: ['地址'], type: 'text', schema: text(300) },
    { key: 'latitude', prop: 'latitude', zh: '纬度', type: 'real', schema: latitude },
    { key: 'longitude', prop: 'longitude', zh: '经度', type: 'real', schema: longitude },
    { key: 'source', prop: 'source', zh: '来源', type: 'enum', enumGroup: 'blind_spot_source', required: true, schema: enumOf(blindSpotSources) },
    { key: 'reported_on', prop: 'reportedOn', zh: '上报日期', type: 'date', required: true, schema: isoDate },
    { key: 'status', prop: 'status', zh: '状态', type: 'enum', enumGroup: 'blind_spot_status', schema: enumOf(blindSpotStatuses) },
    { key: 'status_reason', prop: 'statusReason', zh: '关闭原因', type: 'text', schema: text(1000) },
    { key: 'resolution', prop: 'resolution', zh: '解决方式', type: 'enum', enumGroup: 'resolution', schema: enumOf(resolutions) },
    { key: 'resolved_by_station', prop: 'resolvedByStationId', zh: '解决基站编码', type: 'station', schema: text(64) },
    { key: 'rsrp_before', prop: 'rsrpBefore', zh: '处理前RSRP', aliases: ['处理前信号'], type: 'real', schema: z.number().min(-160, 'RSRP is between -160 and -30 dBm').max(-30, 'RSRP is between -160 and -30 dBm') },
    { key: 'rsrp_after', prop: 'rsrpAfter', zh: '处理后RSRP', aliases: ['处理后信号'], type: 'real', schema: z.number().min(-160, 'RSRP is between -160 and -30 dBm').max(-30, 'RSRP is between -160 and -30 dBm') },
    ...dateFields(blindSpotMachine, { resolved: '解决日期', closed_unresolvable: '关闭日期' }),
    { key: 'notes', prop: 'notes', zh: '备注', type: 'text', schema: text(2000) },
  ],
  check(r) {
    const e = coordsTogether(r);
    if (r.status === 'closed_unresolvable' && !r.status_reason) e.push(['status_reason', 'a reason is required to close a blind spot as unresolvable']);
    if (r.status === 'resolved' && !r.resolution) e.push(['resolution', 'say how the blind spot was resolved']);
    if (r.resolved_by_station && r.resolution !== 'new_station') e.push(['resolved_by_station', 'only a resolution by new_station links a station']);
    return e;
  },
};

export const hazardKind: Kind = {
  name: 'hazards',
  entity: 'hazard',
  table: hazards,
  idKey: 'id',
  machine: hazardMachine,
  statusGroup: 'hazard_status',
  fields: [
    { key: 'town', prop: 'townId', zh: '镇街', aliases: ['所属镇街'], type: 'town', required: true, schema: text(50) },
    { key: 'village', prop: 'villageId', zh: '村居', type: 'village', required: true, schema: text(100) },
    { key: 'line_type', prop: 'lineType', zh: '线路类型', type: 'enum', enumGroup: 'line_type', required: true, schema: enumOf(lineTypes) },
    { key: 'hazard_type', prop: 'hazardType', zh: '隐患类型', type: 'enum', enumGroup: 'hazard_type', required: true, schema: enumOf(hazardTypes) },
    { key: 'severity', prop: 'severity', zh: '严重程度', aliases: ['等级'], type: 'enum', enumGroup: 'severity', required: true, schema: enumOf(severities) },
    { key: 'owner', prop: 'owner', zh: '权属单位', aliases: ['责任单位'], type: 'text', required: true, schema: text(100) },
    { key: 'location', prop: 'location', zh: '位置', aliases: ['地址'], type: 'text', schema: text(300) },
    { key: 'found_on', prop: 'foundOn', zh: '发现日期', type: 'date', required: true, schema: isoDate },
    { key: 'inspection_id', prop: 'inspectionId', zh: '巡查编号', type: 'inspection', schema: z.number().int().positive() },
    { key: 'deadline', prop: 'deadline', zh: '整改期限', type: 'date', schema: isoDate },
    { key: 'status', prop: 'status', zh: '状态', type: 'enum', enumGroup: 'hazard_status', schema: enumOf(hazardStatuses) },
    ...dateFields(hazardMachine, { assigned: '派单日期', remediating: '开始整治日期', remediated: '整治完成日期', verified: '复核日期' }),
    { key: 'notes', prop: 'notes', zh: '备注', type: 'text', schema: text(2000) },
  ],
  check(r) {
    const e: [string, string][] = [];
    if (r.deadline && r.found_on && (r.deadline as string) < (r.found_on as string)) e.push(['deadline', `${r.deadline} is before found_on ${r.found_on}`]);
    return e;
  },
};

export const kinds: Record<KindName, Kind> = { stations: stationKind, blind_spots: blindSpotKind, hazards: hazardKind };
