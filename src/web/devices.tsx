import { Hono } from 'hono';
import { and, desc, eq } from 'drizzle-orm';
import type { AppContext } from '../context';
import type { Services } from '../services';
import { fromOwner } from '../cluster/forward';
import { requireRole } from '../auth/middleware';
import { ApiError, onError } from '../http/errors';
import { units } from '../../db/schema/inventory';
import { events } from '../../db/schema/events';
import { bitRate, dateTime, number, percent } from './format';
import { langOf, pageRenderer } from './layout';
import { sessionMiddleware } from './session';
import type { Lang } from '../field/labels';
import { interfaceRates, type InterfaceRates, type RateSeries } from '../devices/prometheus-rates';
import { DataTable, HeadRow } from './table';
import { FilterSelect, type FilterOption } from './filter';

const COLOURS = ['#0b4f8a', '#1e6b36', '#a86a10', '#a0221a', '#5b3c88', '#0f7c80', '#6b6b00', '#8a3b62'];

/** One direction's rates as lines over the hour (server-drawn SVG). */
function RateChart({ title, series, start, end }: { title: string; series: RateSeries[]; start: number; end: number }) {
  const W = 560;
  const H = 160;
  const pad = { l: 70, r: 10, t: 10, b: 20 };
  const max = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p[1])));
  const x = (t: number) => pad.l + ((t - start) / (end - start)) * (W - pad.l - pad.r);
  const y = (v: number) => pad.t + (H - pad.t - pad.b) * (1 - v / max);
  return (
    <figure class="card" style="margin:0 0 1rem">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" style={`max-width:${W}px`} role="img" aria-label={`${title}: ${series.map((s) => s.ifName).join(', ')}`}>
        <line x1={pad.l} y1={y(0)} x2={W - pad.r} y2={y(0)} stroke="#8a96a3" />
        <text x={pad.l - 6} y={y(max) + 4} text-anchor="end" font-size="11" fill="#566">
          {bitRate(max)}
        </text>
        {series.map((s, i) => (
          <polyline points={s.points.map(([t, v]) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(' ')} fill="none" stroke={COLOURS[i % COLOURS.length]} stroke-width="1.8" />
        ))}
      </svg>
      <div class="muted">
        {series.map((s, i) => (
          <span style={`margin-right:1rem;border-left:1rem solid ${COLOURS[i % COLOURS.length]};padding-left:.3rem`}>{s.ifName}</span>
        ))}
      </div>
    </figure>
  );
}

const STATES = ['up', 'down', 'unpolled'] as const;
type State = (typeof STATES)[number];
const stateOf = (up: boolean | null): State => (up === true ? 'up' : up === false ? 'down' : 'unpolled');
const STATE_TEXT: Record<State, [string, string]> = { up: ['在线', 'up'], down: ['离线', 'down'], unpolled: ['未轮询', 'not polled'] };
const OPER: Record<number, [string, string]> = { 1: ['up', 'up'], 2: ['down', 'down'], 3: ['testing', 'testing'], 5: ['dormant', 'dormant'], 6: ['notPresent', 'notPresent'], 7: ['lowerLayerDown', 'lowerLayerDown'] };

/** What an error kind means to someone who is not reading the SNMP code. */
const ERROR_WORDS: Record<string, [string, string]> = {
  timeout: ['设备无应答（超时）', 'the device did not answer (timeout)'],
  auth: ['设备拒绝凭据（团体名或 v3 用户）', 'the device refused the credentials (community or v3 user)'],
  config: ['配置无法使用', 'the configuration cannot be used'],
  too_big: ['应答过大', 'answers too big for the device'],
  too_large: ['数据量超过上限', 'more data than the limits allow'],
  walk_loop: ['设备返回的 OID 不递增', 'the device returned OIDs out of order'],
  protocol: ['无法解读应答', 'the answer could not be read'],
};
const words = (kind: string, lang: Lang) => ERROR_WORDS[kind]?.[lang === 'zh' ? 0 : 1] ?? kind;

/** /devices and /devices/:name: the fleet for people who do not live in Grafana. Signed-in viewers and up. */
export function devicePageRoutes(ctx: AppContext, services: Services): Hono {
  const app = new Hono();
  for (const p of ['/devices', '/devices/*']) app.use(p, sessionMiddleware(ctx.db), pageRenderer({ demo: ctx.demo }), requireRole(ctx.db, 'viewer'));
  app.onError((err, c) => {
    if (err instanceof ApiError && err.status === 401) return c.redirect(`/field/signin?next=${encodeURIComponent(c.req.path)}`);
    if (err instanceof ApiError) {
      c.status(err.status as 403 | 404);
      return c.render(<p class="msg err">{err.message}</p>);
    }
    return onError(err, c);
  });

  app.get('/devices', async (c) => {
    const lang = langOf(c);
    const zh = lang === 'zh';
    const q = { unit: c.req.query('unit') ?? '', town: c.req.query('town') ?? '', vendor: c.req.query('vendor') ?? '', state: c.req.query('state') ?? '', level: c.req.query('level') ?? '' };
    const townOf = new Map((await ctx.db.select().from(units)).map((u) => [u.name, u.town ?? '']));
    const levels = new Map((await services.readiness.report()).devices.map((d) => [d.device, d.level === null ? 'unknown' : String(d.level)]));
    const all = ctx.fleet.list().map(({ row, state: mine }) => {
      // A device another node polls: what that node last published about it.
      const there = ctx.fleet.owns(row) ? null : services.readiness.elsewhere(row.name);
      const state = there ? { up: there.up, lastPollAt: there.poll?.at ?? null, errors: there.poll?.errors ?? [], vendor: there.poll?.vendor ?? null } : { ...mine, vendor: mine.facts?.vendor ?? null };
      return { row, state, town: (row.unit && townOf.get(row.unit)) || '', vendor: state.vendor ?? row.vendor, level: levels.get(row.name) ?? 'unknown' };
    });
    const shown = all.filter(
      (d) =>
        (!q.unit || d.row.unit === q.unit) &&
        (!q.town || d.town === q.town) &&
        (!q.vendor || d.vendor === q.vendor) &&
        (!q.state || stateOf(d.state.up) === q.state) &&
        (!q.level || d.level === q.level),
    );
    const options = (values: string[]) => [...new Set(values.filter(Boolean))].sort();
    const select = (name: keyof typeof q, label: string, values: string[], text: (v: string) => string = (v) => v) => (
      <FilterSelect label={label} name={name} all={zh ? '全部' : 'all'} options={values.map((v): FilterOption => [v, text(v)])} selected={q[name]} />
    );
    return c.render(
      <>
        <h1>{zh ? '设备' : 'Devices'}</h1>
        <form method="get" action="/devices" class="filters">
          {select('unit', zh ? '单位' : 'Unit', options(all.map((d) => d.row.unit ?? '')))}
          {select('town', zh ? '镇街' : 'Town', options(all.map((d) => d.town)))}
          {select('vendor', zh ? '厂商' : 'Vendor', options(all.map((d) => d.vendor)))}
          {select('state', zh ? '状态' : 'State', [...STATES], (v) => STATE_TEXT[v as State][zh ? 0 : 1])}
          {select('level', zh ? '双栈等级' : 'Readiness level', ['unknown', '0', '1', '2', '3', '4'])}
          <button type="submit">{zh ? '筛选' : 'Filter'}</button>
        </form>
        <p class="muted">
          {zh ? `共 ${shown.length} / ${all.length} 台` : `${shown.length} of ${all.length} devices`}
        </p>
        <div class="wrap" tabindex={0}>
          <table>
            <HeadRow lang={lang} columns={[['设备', 'Device'], ['单位', 'Unit'], ['镇街', 'Town'], ['厂商', 'Vendor'], ['状态', 'State'], ['双栈等级', 'Level'], ['最近轮询', 'Last poll'], ['问题', 'Problems']]} />
            <tbody>
              {shown.map((d) => (
                <tr>
                  <td>
                    <a href={`/devices/${encodeURIComponent(d.row.name)}`}>{d.row.name}</a>
                  </td>
                  <td>{d.row.unit ?? ''}</td>
                  <td>{d.town}</td>
                  <td>{d.vendor}</td>
                  <td class={stateOf(d.state.up)}>{STATE_TEXT[stateOf(d.state.up)][zh ? 0 : 1]}</td>
                  <td>{d.level}</td>
                  <td>{dateTime(d.state.lastPollAt, lang)}</td>
                  <td class="wide">{d.state.errors.map((e) => `${e.collector}: ${words(e.kind, lang)}`).join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </>,
    );
  });

  app.get('/devices/:name', async (c) => {
    const lang = langOf(c);
    const zh = lang === 'zh';
    const name = c.req.param('name');
    const entry = ctx.fleet.list().find((d) => d.row.name === name);
    if (!entry) throw new ApiError(404, zh ? `没有名为 "${name}" 的设备` : `no device named "${name}"`);
    const { row, state } = entry;
    // Interfaces, rates and CPU live on the node that polls the device: its page comes from there.
    if (!ctx.fleet.owns(row)) {
      const answer = await fromOwner(ctx, c, row);
      if (answer) return answer;
    }
    const detail = services.details.get(name);
    const readiness = (await services.readiness.report()).devices.find((d) => d.device === name);
    const recent = await ctx.db.select().from(events).where(and(eq(events.device, name))).orderBy(desc(events.time)).limit(20);
    const grafana = ctx.config.grafana.url;
    const sys = detail?.system;
    const promUrl = ctx.config.prometheus.url;
    let rates: InterfaceRates | null = null;
    let ratesError: string | null = null;
    if (promUrl)
      try {
        rates = await interfaceRates(promUrl, name);
      } catch (e) {
        ratesError = (e as Error).name === 'TimeoutError' ? 'timeout' : (e as Error).message.slice(0, 200);
      }
    return c.render(
      <>
        <h1>
          {row.name} <small class={stateOf(state.up)}>{STATE_TEXT[stateOf(state.up)][zh ? 0 : 1]}</small>
        </h1>
        <p>
          <a href={`/metrics/devices/${encodeURIComponent(row.name)}`}>/metrics/devices/{row.name}</a>
          {grafana && (
            <>
              {' · '}
              <a href={`${grafana.replace(/\/$/, '')}/d/yunet-device?var-device=${encodeURIComponent(row.name)}`}>Grafana</a>
            </>
          )}
        </p>
        <div class="card">
          <dl class="facts">
            <dt>{zh ? '单位' : 'Unit'}</dt>
            <dd>{row.unit ?? '—'}</dd>
            <dt>{zh ? '管理地址' : 'Management address'}</dt>
            <dd>
              {row.address}:{row.port}
            </dd>
            <dt>{zh ? '厂商' : 'Vendor'}</dt>
            <dd>{state.facts?.vendor ?? row.vendor}</dd>
            <dt>sysName</dt>
            <dd>{sys?.sysName || '—'}</dd>
            <dt>sysDescr</dt>
            <dd>{sys?.sysDescr || '—'}</dd>
            <dt>sysLocation</dt>
            <dd>{sys?.sysLocation || '—'}</dd>
            <dt>{zh ? '最近轮询' : 'Last poll'}</dt>
            <dd>{dateTime(state.lastPollAt, lang)}</dd>
            <dt>{zh ? '最近成功' : 'Last answered'}</dt>
            <dd>{dateTime(state.lastSuccessAt, lang)}</dd>
            <dt>{zh ? '问题' : 'Problems'}</dt>
            <dd>
              {state.errors.length
                ? state.errors.map((e) => (
                    <div>
                      {e.collector}: {words(e.kind, lang)} <span class="muted">({e.message})</span>
                    </div>
                  ))
                : zh
                  ? '无'
                  : 'none'}
            </dd>
          </dl>
        </div>
        <h2>{zh ? '接口' : 'Interfaces'}</h2>
        {rates && (
          <>
            <RateChart title={zh ? '最近一小时入方向速率（Prometheus）' : 'Inbound over the last hour (Prometheus)'} series={rates.in} start={rates.start} end={rates.end} />
            <RateChart title={zh ? '最近一小时出方向速率（Prometheus）' : 'Outbound over the last hour (Prometheus)'} series={rates.out} start={rates.start} end={rates.end} />
          </>
        )}
        {ratesError && <p class="msg err">{zh ? `Prometheus 查询失败：${ratesError}；下表为最近两次轮询。` : `Prometheus did not answer: ${ratesError}; the table shows the last two polls.`}</p>}
        {!promUrl && <p class="muted">{zh ? '未配置 prometheus.url：不画最近一小时曲线，下表为最近两次轮询。' : 'No prometheus.url configured: no chart of the last hour; the table shows the last two polls.'}</p>}
        <p class="muted">
          {detail?.rateSeconds
            ? zh
              ? `速率为最近两次轮询之间（${Math.round(detail.rateSeconds)} 秒）的平均值，读取于 ${dateTime(detail.interfacesAt, lang)}。`
              : `Rates are averages between the last two polls (${Math.round(detail.rateSeconds)} s), read at ${dateTime(detail.interfacesAt, lang)}.`
            : zh
              ? '速率需要两次轮询。'
              : 'Rates need two polls.'}
        </p>
        {detail?.interfaces.length ? (
          <div class="wrap" tabindex={0}>
            <table>
              <HeadRow lang={lang} columns={[['ifIndex', 'ifIndex'], ['接口', 'Interface'], ['描述', 'Alias'], ['状态', 'Status'], ['速率', 'Speed', 'num'], ['入', 'In', 'num'], ['出', 'Out', 'num'], ['错误（入/出）', 'Errors in/out', 'num']]} />
              <tbody>
                {detail.interfaces.map((i) => (
                  <tr>
                    <td>{i.ifIndex}</td>
                    <td>{i.name}</td>
                    <td>{i.ifAlias}</td>
                    <td class={i.ifOperStatus === 1 ? 'up' : i.ifOperStatus === 2 ? 'down' : ''}>{i.ifOperStatus === null ? '—' : (OPER[i.ifOperStatus]?.[0] ?? String(i.ifOperStatus))}</td>
                    <td class="num">{bitRate(i.speed)}</td>
                    <td class="num">{bitRate(i.inBps)}</td>
                    <td class="num">{bitRate(i.outBps)}</td>
                    <td class="num">
                      {number(i.inErrors, lang)} / {number(i.outErrors, lang)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p class="none">{zh ? '尚无接口数据' : 'No interface data yet'}</p>
        )}
        <h2>{zh ? 'CPU 与内存' : 'CPU and memory'}</h2>
        {detail?.usage.length ? (
          <table>
            <HeadRow lang={lang} columns={[['实体', 'Entity'], ['CPU', 'CPU', 'num'], ['内存', 'Memory', 'num']]} />
            <tbody>
              {detail.usage.map((u) => (
                <tr>
                  <td>{u.entity}</td>
                  <td class="num">{percent(u.cpu, lang)}</td>
                  <td class="num">{percent(u.memory, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p class="none">{zh ? '设备未提供' : 'Not reported by the device'}</p>
        )}
        <h2>{zh ? '双栈检查' : 'Dual-stack checklist'}</h2>
        {readiness ? (
          <>
            <p>
              {zh ? '等级' : 'Level'}: <strong>{readiness.level ?? '—'}</strong> ({readiness.levelName})
            </p>
            <table>
              <HeadRow lang={lang} columns={[['检查项', 'Check'], ['结果', 'Result'], ['依据', 'Reason']]} />
              <tbody>
                {readiness.checks.map((ch) => (
                  <tr>
                    <td>{ch.id}</td>
                    <td class={ch.status}>{ch.status}</td>
                    <td class="wide">{ch.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {readiness.findings.map((f) => (
              <p class="msg err">{f.message}</p>
            ))}
          </>
        ) : (
          <p class="none">—</p>
        )}
        <h2>{zh ? '最近的告警与事件' : 'Recent traps and events'}</h2>
        <DataTable
          lang={lang}
          rows={recent}
          columns={[
            ['时间', 'Time', (e) => dateTime(e.time, lang)],
            ['类型', 'Trap', (e) => e.trap],
            ['摘要', 'Summary', (e) => e.summary, 'wide'],
            ['可信度', 'Attribution', (e) => e.attribution],
          ]}
        />
      </>,
    );
  });
  return app;
}
