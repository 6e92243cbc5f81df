import type { Lang } from '../../field/labels';
import { label } from '../../field/labels';
import { operators } from '../../../db/schema/field';
import type { BlindSpotProgress, HazardProgress, StationProgress } from '../../field/progress';
import { t } from '../i18n';

const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

function Bar({ ratio }: { ratio: number | null }) {
  const w = Math.min(100, Math.round((ratio ?? 0) * 100));
  return (
    <div class="bar" title={pct(ratio)}>
      <span class={ratio !== null && ratio < 1 ? 'low' : ''} style={`width:${w}%`} />
    </div>
  );
}

/** Built against target, district-wide, one point per year with targets (server-drawn SVG: prints, no script). */
function YearLine({ lang, history }: { lang: Lang; history: { year: number; target: number; built: number }[] }) {
  if (history.length < 2) return null;
  const W = 560;
  const H = 180;
  const pad = { l: 48, r: 16, t: 14, b: 28 };
  const max = Math.max(1, ...history.flatMap((h) => [h.target, h.built]));
  const x = (i: number) => pad.l + (i * (W - pad.l - pad.r)) / (history.length - 1);
  const y = (v: number) => pad.t + (H - pad.t - pad.b) * (1 - v / max);
  const line = (k: 'target' | 'built') => history.map((h, i) => `${x(i).toFixed(1)},${y(h[k]).toFixed(1)}`).join(' ');
  const summary = history.map((h) => `${h.year}: ${h.built}/${h.target}`).join('; ');
  return (
    <figure class="card" style="margin:0 0 1rem">
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" style={`max-width:${W}px`} role="img" aria-label={`${t(lang, 'built')} / ${t(lang, 'target')}: ${summary}`}>
        <line x1={pad.l} y1={y(0)} x2={W - pad.r} y2={y(0)} stroke="#8a96a3" />
        <text x={pad.l - 6} y={y(max) + 4} text-anchor="end" font-size="11" fill="#566">
          {max}
        </text>
        <polyline points={line('target')} fill="none" stroke="#8a96a3" stroke-width="2" stroke-dasharray="5 4" />
        <polyline points={line('built')} fill="none" stroke="#1e6b36" stroke-width="2.5" />
        {history.map((h, i) => (
          <>
            <circle cx={x(i)} cy={y(h.built)} r="3.5" fill="#1e6b36" />
            <text x={x(i)} y={H - 8} text-anchor="middle" font-size="12" fill="#1d2733">
              {h.year}
            </text>
          </>
        ))}
      </svg>
      <figcaption class="muted">
        {lang === 'zh' ? '历年全区已建成（实线）与目标（虚线）' : 'District built (solid) against target (dashed), by year'}
      </figcaption>
    </figure>
  );
}

export function ProgressPage(p: { lang: Lang; stations: StationProgress; spots: BlindSpotProgress; hazards: HazardProgress; years: number[]; history: { year: number; target: number; built: number }[] }) {
  const { lang, stations: s } = p;
  return (
    <>
      <h1>
        {t(lang, 'progress')} · {s.year}
        {s.operator ? ` · ${label('operator', s.operator, lang)}` : ''}
      </h1>
      <form class="filters" method="get" action="/field">
        <label>
          {t(lang, 'year')}
          <select name="year">
            {p.years.map((y) => (
              <option value={String(y)} selected={y === s.year}>
                {y}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t(lang, 'operator')}
          <select name="operator">
            <option value="">{t(lang, 'all')}</option>
            {operators.map((o) => (
              <option value={o} selected={o === s.operator}>
                {label('operator', o, lang)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t(lang, 'show')}</button>
      </form>
      <h2>{t(lang, 'stations')}</h2>
      <YearLine lang={lang} history={p.history} />
      <div class="card wrap" tabindex={0}>
        <table id="town-progress">
          <thead>
            <tr>
              <th>{t(lang, 'town')}</th>
              <th class="num">{t(lang, 'target')}</th>
              <th class="num">{t(lang, 'built')}</th>
              <th />
              <th class="num">{t(lang, 'ratio')}</th>
              <th class="num hide-phone">{t(lang, 'rank')}</th>
            </tr>
          </thead>
          <tbody>
            {s.towns.map((r) => (
              <tr data-town={r.town}>
                <td>{r.town}</td>
                <td class="num">{r.target}</td>
                <td class="num">{r.built}</td>
                <td>
                  <Bar ratio={r.ratio} />
                </td>
                <td class="num ratio">{pct(r.ratio)}</td>
                <td class="num hide-phone">{r.rank ?? '—'}</td>
              </tr>
            ))}
            <tr class="total" data-town={s.district.town}>
              <td>{t(lang, 'district')}</td>
              <td class="num">{s.district.target}</td>
              <td class="num">{s.district.built}</td>
              <td>
                <Bar ratio={s.district.ratio} />
              </td>
              <td class="num ratio">{pct(s.district.ratio)}</td>
              <td class="num hide-phone" />
            </tr>
          </tbody>
        </table>
        <p class="muted">
          {t(lang, 'on_air_total')}: {s.district.stations_on_air.toLocaleString('en-US')}
        </p>
      </div>
      <div class="grid">
        <div class="card">
          <h2>{t(lang, 'blind_spots')}</h2>
          <table>
            <tbody>
              {Object.entries(p.spots.by_status).map(([st, n]) => (
                <tr>
                  <td>{label('blind_spot_status', st, lang)}</td>
                  <td class="num">{n}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>{t(lang, 'open_age')}</h2>
          <table>
            <tbody>
              {Object.entries(p.spots.open_age_days).map(([k, n]) => (
                <tr>
                  <td>{k}</td>
                  <td class="num">{n}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div class="card wrap" tabindex={0}>
          <h2>{t(lang, 'hazards')}</h2>
          <table>
            <thead>
              <tr>
                <th>{t(lang, 'town')}</th>
                <th class="num">{t(lang, 'open')}</th>
                <th class="num">{t(lang, 'overdue')}</th>
                <th class="num">{t(lang, 'remediated')}</th>
              </tr>
            </thead>
            <tbody>
              {p.hazards.by_town.map((r) => (
                <tr>
                  <td>{r.town}</td>
                  <td class="num">{r.open}</td>
                  <td class="num">{r.overdue}</td>
                  <td class="num">{r.remediated}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {p.hazards.by_owner.length > 0 && (
            <table id="hazards-by-owner">
              <thead>
                <tr>
                  <th>{t(lang, 'owner')}</th>
                  <th class="num">{t(lang, 'open')}</th>
                  <th class="num">{t(lang, 'overdue')}</th>
                </tr>
              </thead>
              <tbody>
                {p.hazards.by_owner.map((r) => (
                  <tr>
                    <td>{r.owner}</td>
                    <td class="num">{r.open}</td>
                    <td class="num">{r.overdue}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
    </>
  );
}
