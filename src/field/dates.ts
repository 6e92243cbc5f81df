/** Calendar dates of field work are 'YYYY-MM-DD' in Asia/Shanghai (the bureau's day), stored as text. */
export const FIELD_TIMEZONE = 'Asia/Shanghai';

const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: FIELD_TIMEZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

let cached = { until: 0, day: '' };

/** Today's date in Asia/Shanghai (formatting is costly on hot paths: remembered for a second). */
export function today(at?: Date): string {
  if (at) return fmt.format(at);
  const now = Date.now();
  if (now >= cached.until) cached = { until: now + 1000, day: fmt.format(new Date(now)) };
  return cached.day;
}

const checked = new Map<string, boolean>();

/** True for a real calendar date written YYYY-MM-DD (2023-02-30 is not one). Memoised: imports repeat dates. */
export function isIsoDate(s: string): boolean {
  let ok = checked.get(s);
  if (ok === undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) ok = false;
    else {
      const d = new Date(`${s}T00:00:00Z`);
      ok = !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
    }
    if (checked.size > 50_000) checked.clear();
    checked.set(s, ok);
  }
  return ok;
}

/** Spreadsheet spellings of a date (2023-5-1, 2023/05/01, 2023.5.1, 2023年5月1日) to YYYY-MM-DD; null if not a date. */
export function normaliseDate(s: string): string | null {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(s.trim());
  if (!m) return null;
  const iso = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}
