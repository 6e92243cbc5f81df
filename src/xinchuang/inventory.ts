import { XINCHUANG_ROLES, type XinchuangConfig } from '../config/xinchuang';
import { originOf, recognize } from './recognize';
import type { Origin } from './vendor-table';

export type Role = (typeof XINCHUANG_ROLES)[number] | 'unassigned';
export const ROLES: readonly Role[] = [...XINCHUANG_ROLES, 'unassigned'];
/** Devices without a unit count under this unit name. */
export const NO_UNIT = '(none)';
/** The district in targets and summaries. */
export const DISTRICT = '*';

export interface DeviceInput {
  name: string;
  unit: string | null;
  role: string | null;
  /** From the latest poll's system group; null before the first answer. */
  sysObjectID: string | null;
  sysDescr: string | null;
  sysLocation: string | null;
}

export interface XinchuangDevice {
  name: string;
  unit: string;
  role: Role;
  vendor: string | null;
  model: string | null;
  version: string | null;
  origin: Origin;
  location: string | null;
}

export interface Share {
  total: number;
  domestic: number;
  foreign: number;
  unknown: number;
  /** domestic / total; null without devices. */
  ratio: number | null;
}

export interface UnitSummary extends Share {
  unit: string;
  byRole: Record<Role, Share>;
  /** This year's target, if one is set. */
  target: number | null;
  /** ratio >= target; null without a target or devices. */
  met: boolean | null;
}

const isRole = (r: string | null): r is Role => !!r && (XINCHUANG_ROLES as readonly string[]).includes(r);

/** Each device's identity: the operator's overrides first, then what its sysObjectID and sysDescr say. */
export function classify(devices: readonly DeviceInput[], cfg: XinchuangConfig): XinchuangDevice[] {
  return devices.map((d) => {
    const seen = recognize(d.sysObjectID, d.sysDescr);
    const o = cfg.devices[d.name] ?? {};
    const vendor = o.vendor ?? seen.vendor;
    return {
      name: d.name,
      unit: d.unit ?? NO_UNIT,
      role: o.role ?? (isRole(d.role) ? d.role : 'unassigned'),
      vendor,
      model: o.model ?? seen.model,
      version: o.version ?? seen.version,
      origin: originOf(vendor, cfg.origins),
      location: d.sysLocation,
    };
  });
}

function share(list: readonly XinchuangDevice[]): Share {
  const count = (o: Origin) => list.filter((d) => d.origin === o).length;
  const s = { total: list.length, domestic: count('domestic'), foreign: count('foreign'), unknown: count('unknown') };
  return { ...s, ratio: s.total ? s.domestic / s.total : null };
}

function summarise(unit: string, list: readonly XinchuangDevice[], target: number | null): UnitSummary {
  const s = share(list);
  const byRole = Object.fromEntries(ROLES.map((r) => [r, share(list.filter((d) => d.role === r))])) as Record<Role, Share>;
  return { unit, ...s, byRole, target, met: target === null || s.ratio === null ? null : s.ratio >= target };
}

/** The target set for a unit ("*" the district) and year, if any. */
export function targetOf(cfg: XinchuangConfig, unit: string, year: number): number | null {
  return cfg.targets.find((t) => t.unit === unit && t.year === year)?.ratio ?? null;
}

/** Per-unit summaries (sorted by unit name) and the district's, against the given year's targets. */
export function summary(devices: readonly XinchuangDevice[], cfg: XinchuangConfig, year: number): { district: UnitSummary; units: UnitSummary[] } {
  const units = [...new Set(devices.map((d) => d.unit))].sort();
  return {
    district: summarise(DISTRICT, devices, targetOf(cfg, DISTRICT, year)),
    units: units.map((u) => summarise(u, devices.filter((d) => d.unit === u), targetOf(cfg, u, year))),
  };
}

/** Devices the programme must replace (foreign) or still identify (unknown origin), by unit then name. */
export function dueForReplacement(devices: readonly XinchuangDevice[]): XinchuangDevice[] {
  return devices.filter((d) => d.origin !== 'domestic').sort((a, b) => a.unit.localeCompare(b.unit) || a.name.localeCompare(b.name));
}

export const EXPORT_COLUMNS = ['unit', 'name', 'vendor', 'model', 'version', 'role', 'origin', 'location'] as const;
export const EXPORT_HEADINGS_ZH = ['单位', '设备', '厂商', '型号', '软件版本', '角色', '产地', '位置'];

/** Rows of the replacement export, in EXPORT_COLUMNS order. */
export function exportRows(devices: readonly XinchuangDevice[]): (string | null)[][] {
  return dueForReplacement(devices).map((d) => EXPORT_COLUMNS.map((c) => d[c]));
}
