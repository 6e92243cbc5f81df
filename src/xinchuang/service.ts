import { eq } from 'drizzle-orm';
import { devices } from '../../db/schema/inventory';
import type { AppContext } from '../context';
import type { Services } from '../services';
import { toCsv } from '../csv';
import { classify, EXPORT_COLUMNS, EXPORT_HEADINGS_ZH, exportRows, summary, type XinchuangDevice } from './inventory';

/** Beijing time's year: targets are per calendar year in the district. */
export const yearNow = (now = new Date()) => new Date(now.getTime() + 8 * 3_600_000).getUTCFullYear();

/** The enabled devices of the inventory with what their latest poll said, classified. */
export function xinchuangDevices(ctx: AppContext, services: Services): XinchuangDevice[] {
  const rows = ctx.db.select({ name: devices.name, unit: devices.unit, role: devices.role }).from(devices).where(eq(devices.enabled, true)).all();
  return classify(
    rows.map((r) => {
      const s = services.details.get(r.name)?.system ?? null;
      return { ...r, sysObjectID: s?.sysObjectID || null, sysDescr: s?.sysDescr || null, sysLocation: s?.sysLocation || null };
    }),
    ctx.config.xinchuang,
  );
}

export function xinchuangSummary(ctx: AppContext, services: Services, year = yearNow()) {
  return summary(xinchuangDevices(ctx, services), ctx.config.xinchuang, year);
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
