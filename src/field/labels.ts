/**
 * Chinese and English names of the enum values, for pages, exports and spreadsheet imports
 * (a cell may hold the code, the Chinese or the English name).
 */
export type Lang = 'zh' | 'en';
type Names = Record<string, { zh: string; en: string; aliases?: string[] }>;

export const enumLabels: Record<string, Names> = {
  station_status: {
    planned: { zh: '规划', en: 'planned' },
    approved: { zh: '已审批', en: 'approved' },
    site_ready: { zh: '站址就绪', en: 'site ready' },
    under_construction: { zh: '建设中', en: 'under construction' },
    powered: { zh: '已通电', en: 'powered' },
    on_air: { zh: '已开通', en: 'on air' },
    accepted: { zh: '已验收', en: 'accepted' },
    cancelled: { zh: '已取消', en: 'cancelled' },
  },
  station_type: {
    macro: { zh: '宏站', en: 'macro' },
    micro: { zh: '微站', en: 'micro' },
    indoor: { zh: '室分', en: 'indoor', aliases: ['室内分布'] },
  },
  operator: {
    中国移动: { zh: '中国移动', en: 'China Mobile', aliases: ['移动'] },
    中国联通: { zh: '中国联通', en: 'China Unicom', aliases: ['联通'] },
    中国电信: { zh: '中国电信', en: 'China Telecom', aliases: ['电信'] },
    中国广电: { zh: '中国广电', en: 'China Broadnet', aliases: ['广电'] },
  },
  blind_spot_category: {
    enterprise: { zh: '企业', en: 'enterprise' },
    key_area: { zh: '重点区域', en: 'key area' },
    village: { zh: '村居', en: 'village' },
    road: { zh: '道路交通', en: 'road / transport' },
    other: { zh: '其他', en: 'other' },
  },
  blind_spot_source: {
    complaint: { zh: '投诉', en: 'complaint' },
    drive_test: { zh: '路测', en: 'drive test' },
    enterprise_visit: { zh: '企业走访', en: 'enterprise visit' },
    other: { zh: '其他', en: 'other' },
  },
  blind_spot_status: {
    open: { zh: '待处理', en: 'open' },
    surveying: { zh: '勘察中', en: 'surveying' },
    planned: { zh: '已规划', en: 'planned' },
    resolving: { zh: '处理中', en: 'resolving' },
    resolved: { zh: '已解决', en: 'resolved' },
    closed_unresolvable: { zh: '无法解决', en: 'closed (unresolvable)' },
  },
  resolution: {
    new_station: { zh: '新建基站', en: 'new station' },
    indoor_system: { zh: '室内分布系统', en: 'indoor system' },
    repeater: { zh: '直放站', en: 'repeater' },
    optimisation: { zh: '网络优化', en: 'optimisation' },
  },
  line_type: {
    power: { zh: '电力线', en: 'power' },
    telecom: { zh: '通信线', en: 'telecom' },
    catv: { zh: '广电线', en: 'cable TV', aliases: ['有线电视'] },
  },
  hazard_type: {
    sagging: { zh: '线路下垂', en: 'sagging' },
    tangled: { zh: '乱拉乱挂', en: 'tangled' },
    low_clearance: { zh: '净空不足', en: 'low clearance' },
    damaged_pole: { zh: '电杆损坏', en: 'damaged pole' },
    unlabelled: { zh: '无标识', en: 'unlabelled' },
    abandoned_line: { zh: '废弃线路', en: 'abandoned line' },
    fire_risk: { zh: '火灾隐患', en: 'fire risk' },
    other: { zh: '其他', en: 'other' },
  },
  severity: {
    low: { zh: '一般', en: 'low' },
    medium: { zh: '较重', en: 'medium' },
    high: { zh: '严重', en: 'high' },
  },
  hazard_status: {
    open: { zh: '待处理', en: 'open' },
    assigned: { zh: '已派单', en: 'assigned' },
    remediating: { zh: '整治中', en: 'remediating' },
    remediated: { zh: '已整治', en: 'remediated' },
    verified: { zh: '已复核', en: 'verified' },
  },
};

export function label(group: string, code: string | null | undefined, lang: Lang): string {
  if (code == null) return '';
  return enumLabels[group]?.[code]?.[lang] ?? code;
}

const reverse = new Map<string, Map<string, string>>();
/** The code for a spreadsheet cell holding a code, a Chinese or an English name (case-insensitive); null if none. */
export function codeOf(group: string, cell: string): string | null {
  let m = reverse.get(group);
  if (!m) {
    m = new Map();
    for (const [code, n] of Object.entries(enumLabels[group] ?? {}))
      for (const k of [code, n.zh, n.en, ...(n.aliases ?? [])]) m.set(k.toLowerCase(), code);
    reverse.set(group, m);
  }
  return m.get(cell.trim().toLowerCase()) ?? null;
}
