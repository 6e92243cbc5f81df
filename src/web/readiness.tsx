import { Hono } from 'hono';
import type { AppContext } from '../context';
import { requireRole } from '../auth/middleware';
import { ApiError, onError } from '../http/errors';
import { csvResponse } from '../http/csv';
import { dateTime, percent } from './format';
import { langOf, pageRenderer } from './layout';
import { sessionMiddleware } from './session';
import { devicesCsv } from '../readiness/csv';
import type { Readiness } from '../readiness/service';
import { FINDING_KINDS, type UnitReadiness } from '../readiness/types';
import { DataTable, HeadRow } from './table';
import { FilterSelect } from './filter';

const LEVELS = ['4', '3', '2', '1', '0', 'unknown'] as const;
const LEVEL_COLOUR: Record<(typeof LEVELS)[number], string> = { '4': '#0b4f8a', '3': '#1e6b36', '2': '#5f9e3a', '1': '#a86a10', '0': '#a0221a', unknown: '#8a96a3' };

/** A unit's devices per level as one stacked bar (plain HTML, no script: it prints as it shows). */
function LevelBar({ u }: { u: UnitReadiness }) {
  const total = u.devices || 1;
  return (
    <div class="bar" style="display:flex;min-width:10rem" role="img" aria-label={LEVELS.map((l) => `${l}: ${u.byLevel[l]}`).join(', ')}>
      {LEVELS.filter((l) => u.byLevel[l]).map((l) => (
        <span style={`width:${(100 * u.byLevel[l]) / total}%;background:${LEVEL_COLOUR[l]};border-radius:0`} title={`${l}: ${u.byLevel[l]}`} />
      ))}
    </div>
  );
}

/**
 * /readiness: the monthly dual-stack report the bureau hands upward — district and unit levels, the national
 * yardsticks beside the units' IPv6 traffic share, findings with filters, CSV; prints on A4.
 */
export function readinessPageRoutes(ctx: AppContext, readiness: Readiness): Hono {
  const app = new Hono();
  for (const p of ['/readiness', '/readiness/*']) app.use(p, sessionMiddleware(ctx.db), pageRenderer({ demo: ctx.demo }), requireRole(ctx.db, 'viewer'));
  app.onError((err, c) => (err instanceof ApiError && err.status === 401 ? c.redirect(`/field/signin?next=${encodeURIComponent(c.req.path)}`) : onError(err, c)));

  app.get('/readiness/devices.csv', async (c) => {
    const r = await readiness.report();
    return csvResponse(c, devicesCsv(r), `yunet-readiness-${r.generatedAt.slice(0, 10)}.csv`);
  });

  app.get('/readiness', async (c) => {
    const lang = langOf(c);
    const zh = lang === 'zh';
    const r = await readiness.report();
    const q = { unit: c.req.query('unit') ?? '', kind: c.req.query('kind') ?? '' };
    const findings = r.findings.filter((f) => (!q.unit || f.unit === q.unit) && (!q.kind || f.kind === q.kind));
    const y = r.yardsticks;
    const rows = [r.district, ...r.units];
    return c.render(
      <>
        <h1>
          {zh ? 'IPv6 / SRv6 双栈改造进展' : 'IPv6 / SRv6 dual-stack progress'} <small>{dateTime(r.generatedAt, lang)}</small>
        </h1>
        <p class="no-print">
          <a href="/readiness/devices.csv">{zh ? '导出设备清单 CSV' : 'Export devices as CSV'}</a>
        </p>
        <p class="muted">
          {zh
            ? `国家 ${y.year} 年目标：固定网络 IPv6 流量占比 ${percent(y.fixedNetworkIpv6TrafficShare, lang)}，移动网络 ${percent(y.mobileNetworkIpv6TrafficShare, lang)}。`
            : `National ${y.year} yardsticks: IPv6 share of traffic ${percent(y.fixedNetworkIpv6TrafficShare, lang)} on fixed networks, ${percent(y.mobileNetworkIpv6TrafficShare, lang)} on mobile networks.`}
        </p>
        <div class="wrap" tabindex={0}>
          <table>
            <HeadRow lang={lang} columns={[['单位', 'Unit'], ['设备', 'Devices', 'num'], ['等级分布（4→0，未知）', 'Levels (4→0, unknown)'], ['2级及以上', 'Level 2+', 'num'], ['3级及以上', 'Level 3+', 'num'], ['IPv6 流量占比', 'IPv6 traffic share', 'num'], ['对照固网目标', 'vs fixed-network yardstick', 'num'], ['问题', 'Findings', 'num']]} />
            <tbody>
              {rows.map((u, i) => (
                <tr class={i === 0 ? 'total' : ''}>
                  <td>{i === 0 ? (zh ? '全区' : 'District') : u.unit}</td>
                  <td class="num">{u.devices}</td>
                  <td>
                    <LevelBar u={u} />
                  </td>
                  <td class="num">{percent(u.shareLevel2Plus, lang)}</td>
                  <td class="num">{percent(u.shareLevel3Plus, lang)}</td>
                  <td class="num">{percent(u.ipv6TrafficShare, lang)}</td>
                  <td class={u.ipv6TrafficShare === null ? 'num' : u.ipv6TrafficShare >= y.fixedNetworkIpv6TrafficShare ? 'num pass' : 'num fail'}>
                    {u.ipv6TrafficShare === null ? '—' : u.ipv6TrafficShare >= y.fixedNetworkIpv6TrafficShare ? (zh ? '达到' : 'met') : zh ? '未达到' : 'below'}
                  </td>
                  <td class="num">{u.findings}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <h2>{zh ? '地址规划与 SRv6 问题' : 'Address-plan and SRv6 findings'}</h2>
        <form method="get" action="/readiness" class="filters">
          <FilterSelect label={zh ? '单位' : 'Unit'} name="unit" all={zh ? '全部' : 'all'} options={r.units.map((u) => u.unit)} selected={q.unit} />
          <FilterSelect label={zh ? '类型' : 'Kind'} name="kind" all={zh ? '全部' : 'all'} options={[...FINDING_KINDS]} selected={q.kind} />
          <button type="submit">{zh ? '筛选' : 'Filter'}</button>
        </form>
        <DataTable
          lang={lang}
          rows={findings}
          columns={[
            ['类型', 'Kind', (f) => f.kind],
            ['单位', 'Unit', (f) => f.unit ?? '—'],
            ['设备', 'Device', (f) => (f.device ? <a href={`/devices/${encodeURIComponent(f.device)}`}>{f.device}</a> : '—')],
            ['说明', 'Finding', (f) => f.message, 'wide'],
          ]}
        />
      </>,
    );
  });
  return app;
}
