import { eq } from 'drizzle-orm';
import { devices } from '../../db/schema/inventory';
import { xinchuangOverrides, xinchuangTargets } from '../../db/schema/xinchuang';
import type { XinchuangConfig } from '../config/xinchuang';
import type { AppContext } from '../context';
import type { Services } from '../services';
import { toCsv } from '../csv';
import { versionOf } from '../../db/versions';
import { classify, EXPORT_COLUMNS, EXPORT_HEADINGS_ZH, exportRows, summary, type XinchuangDevice } from './inventory';

/** Beijing time's year: targets are per calendar year in the district. */
export const yearNow = (now = new Date()) => new Date(now.getTime() + 8 * 3_600_000).getUTCFullYear();

/**
 * The configuration in force: targets and device overrides set over the API win over the file's, the file's
 * over what the agents say.
 */
export async function effectiveConfig(ctx: AppContext): Promise<XinchuangConfig> {
  const cfg = ctx.config.xinchuang;
  const targets = new Map(cfg.targets.map((t) => [`${t.unit}\u0000${t.year}`, t]));
  for (const t of await ctx.db.select().from(xinchuangTargets)) targets.set(`${t.unit}\u0000${t.year}`, { unit: t.unit, year: t.year, ratio: t.ratio });
  const overrides = { ...cfg.devices };
  for (const o of await ctx.db.select().from(xinchuangOverrides)) {
    const set = Object.fromEntries(Object.entries({ vendor: o.vendor, model: o.model, version: o.version, role: o.role }).filter(([, v]) => v !== null));
    overrides[o.device] = { ...overrides[o.device], ...set };
  }
  return { origins: cfg.origins, devices: overrides, targets: [...targets.values()].sort((a, b) => a.year - b.year || a.unit.localeCompare(b.unit)) };
}

const classified = new WeakMap<AppContext, { key: string; list: readonly XinchuangDevice[] }>();

/**
 * The enabled devices of the inventory with what their latest poll said (by whichever node polls them), classified;
 * worked out again only when the inventory, the overrides or an identity changed (a scrape asks twice, pages too).
 */
export async function xinchuangDevices(ctx: AppContext, services: Services): Promise<readonly XinchuangDevice[]> {
  await services.readiness.sync();
  const key = `${await versionOf(ctx.db, ['devices', 'xinchuang_targets', 'xinchuang_overrides'])}|${services.readiness.systemVersion()}`;
  const hit = classified.get(ctx);
  if (hit?.key === key) return hit.list;
  const list = await classifyDevices(ctx, services);
  classified.set(ctx, { key, list });
  return list;
}

async function classifyDevices(ctx: AppContext, services: Services): Promise<XinchuangDevice[]> {
  const rows = await ctx.db.select({ name: devices.name, unit: devices.unit, role: devices.role }).from(devices).where(eq(devices.enabled, true));
  return classify(
    rows.map((r) => {
      const s = services.readiness.system(r.name);
      return { ...r, sysObjectID: s?.sysObjectID || null, sysDescr: s?.sysDescr || null, sysLocation: s?.sysLocation || null };
    }),
    await effectiveConfig(ctx),
  );
}

export async function xinchuangSummary(ctx: AppContext, services: Services, year = yearNow()) {
  return summary(await xinchuangDevices(ctx, services), await effectiveConfig(ctx), year);
}

/** exceljs weighs ~16 MB of heap: loaded on the first export, not at start. */
const loadExcel = async () => (await import('exceljs')).default;

/** The replacement list for the programme's report: Chinese headings (zh) or the API keys (en). */
export async function replacementExport(list: readonly XinchuangDevice[], format: 'csv' | 'xlsx', lang: 'zh' | 'en'): Promise<Uint8Array> {
  const headers = lang === 'zh' ? EXPORT_HEADINGS_ZH : [...EXPORT_COLUMNS];
  const rows = exportRows(list).map((r) => r.map((v) => v ?? ''));
  if (format === 'csv') return Buffer.from(toCsv([headers, ...rows]), 'utf8');
  const wb = new (await loadExcel()).Workbook();
  const ws = wb.addWorksheet('xinchuang');
  ws.addRow(headers).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
