import type { Lang } from '../field/labels';

/** Every page shows times in Beijing time, whatever the server's zone. */
export const PAGE_TIMEZONE = 'Asia/Shanghai';

const dateTimes: Record<Lang, Intl.DateTimeFormat> = {
  zh: new Intl.DateTimeFormat('zh-CN', { timeZone: PAGE_TIMEZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: PAGE_TIMEZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }),
};
const numbers: Record<Lang, Intl.NumberFormat> = { zh: new Intl.NumberFormat('zh-CN'), en: new Intl.NumberFormat('en-US') };
const percents: Record<Lang, Intl.NumberFormat> = {
  zh: new Intl.NumberFormat('zh-CN', { style: 'percent', maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 }),
};

/** A moment as pages show it (Beijing time, 24 h); '—' when there is none. */
export function dateTime(at: Date | string | null | undefined, lang: Lang = 'zh'): string {
  if (at === null || at === undefined) return '—';
  const d = typeof at === 'string' ? new Date(at) : at;
  return Number.isNaN(d.getTime()) ? '—' : dateTimes[lang].format(d);
}

export function number(n: number | bigint | null | undefined, lang: Lang = 'zh'): string {
  return n === null || n === undefined ? '—' : numbers[lang].format(n);
}

/** A ratio 0..1 as a percentage; '—' when unknown. */
export function percent(r: number | null | undefined, lang: Lang = 'zh'): string {
  return r === null || r === undefined ? '—' : percents[lang].format(r);
}

/** Bits per second in the unit people read link speeds in. */
export function bitRate(bps: number | null | undefined): string {
  if (bps === null || bps === undefined) return '—';
  const units = ['bit/s', 'kbit/s', 'Mbit/s', 'Gbit/s', 'Tbit/s'];
  let v = bps;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v >= 100 || i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

/** A duration in seconds as "1h 2m 3s". */
export function duration(s: number | null | undefined): string {
  if (s === null || s === undefined) return '—';
  const sign = s < 0 ? '-' : '';
  const a = Math.round(Math.abs(s));
  const h = Math.floor(a / 3600);
  const m = Math.floor((a % 3600) / 60);
  return `${sign}${h ? `${h}h ` : ''}${h || m ? `${m}m ` : ''}${a % 60}s`;
}
