import { Hono } from 'hono';
import type { AppContext } from '../context';
import type { Services } from '../services';
import { requireRole } from '../auth/middleware';
import { ApiError, onError } from '../http/errors';
import { units } from '../../db/schema/inventory';
import { activeDrills } from '../drills/store';
import { stationProgress, targetYears } from '../field/progress';
import { dateTime, duration, number, percent } from './format';
import { langOf, pageRenderer } from './layout';
import { sessionMiddleware } from './session';
import { HeadRow } from './table';

const LEVELS = ['unknown', '0', '1', '2', '3', '4'] as const;
const LEVEL_LABEL: Record<(typeof LEVELS)[number], [string, string]> = {
  unknown: ['未知', 'unknown'],
  '0': ['0 仅IPv4', '0 IPv4 only'],
  '1': ['1 已启用IPv6', '1 IPv6 enabled'],
  '2': ['2 双栈地址', '2 dual-stack addressed'],
  '3': ['3 双栈承载', '3 dual stack in service'],
  '4': ['4 SRv6', '4 SRv6 ready'],
};

/**
 * `/`: the overview every user lands on — devices up and down by unit and town, the last poll cycle,
 * readiness levels district-wide, field completion, an active drill. Each figure links to its page. Open like
 * /metrics (names and states, never addresses or credentials) unless http.pages_auth.
 */
export function overviewRoutes(ctx: AppContext, services: Services): Hono {
  const app = new Hono();
  app.use('/', sessionMiddleware(ctx.db), pageRenderer({ demo: ctx.demo }));
  if (ctx.config.http.pages_auth) {
    app.use('/', requireRole(ctx.db, 'viewer'));
    app.onError((err, c) => (err instanceof ApiError && err.status === 401 ? c.redirect('/field/signin?next=/') : onError(err, c)));
  }
  app.get('/', async (c) => {
    const lang = langOf(c);
    const zh = lang === 'zh';
    const devices = ctx.fleet.list();
    const townOf = new Map((await ctx.db.select().from(units)).map((u) => [u.name, u.town]));
    const groups = new Map<string, { unit: string; town: string; up: number; down: number; unpolled: number }>();
    for (const { row, state } of devices) {
      const unit = row.unit ?? '—';
      const g = groups.get(unit) ?? { unit, town: (row.unit && townOf.get(row.unit)) || '—', up: 0, down: 0, unpolled: 0 };
      if (state.up === true) g.up++;
      else if (state.up === false) g.down++;
      else g.unpolled++;
      groups.set(unit, g);
    }
    const up = devices.filter((d) => d.state.up === true).length;
    const down = devices.filter((d) => d.state.up === false).length;
    const cycle = ctx.fleet.lastCycle;
    const district = (await services.readiness.report()).district;
    const year = (await targetYears(ctx.db)).current;
    const field = (await stationProgress(ctx.db, year)).district;
    const drills = await activeDrills(ctx.db, new Date());
    return c.render(
      <>
        {drills.map((d) => (
          <p class="banner" role="status">
            {zh ? '演练进行中' : 'Drill in progress'}: <a href={`/drills/${d.id}/report`}>{d.name}</a> ({dateTime(d.startsAt, lang)} – {dateTime(d.endsAt, lang)})
          </p>
        ))}
        <h1>{zh ? '总览' : 'Overview'}</h1>
        {ctx.demo && (
          <p class="msg ok">
            {zh ? '演示模式：用启动日志里打印的 demo-admin 令牌' : 'Demo mode: '}
            <a href="/field/signin">{zh ? '登录' : 'sign in'}</a>
            {zh ? '，即可查看所有页面。' : ' with the demo-admin token printed in the start log to see every page.'}
          </p>
        )}
        <div class="grid">
          <div class="card">
            <div>{zh ? '设备在线' : 'Devices up'}</div>
            <div class="figure">
              <a href="/devices?state=up">{number(up, lang)}</a> / <a href="/devices">{number(devices.length, lang)}</a>
            </div>
            <div class={down ? 'down' : 'muted'}>
              <a href="/devices?state=down">{number(down, lang)}</a> {zh ? '台离线' : 'down'}
            </div>
          </div>
          <div class="card">
            <div>{zh ? '最近一轮轮询' : 'Last poll cycle'}</div>
            {cycle ? (
              <>
                <div class="figure">#{cycle.cycle}</div>
                <div class="muted">
                  {cycle.ok} ok · {cycle.failed} {zh ? '失败' : 'failed'} · {cycle.skipped} {zh ? '退避' : 'backed off'} · {duration(cycle.durationSeconds)}
                </div>
              </>
            ) : (
              <div class="muted">{zh ? '尚未完成' : 'not finished yet'}</div>
            )}
          </div>
          <div class="card">
            <div>{zh ? '全区双栈（2级及以上）' : 'District dual stack (level 2+)'}</div>
            <div class="figure">
              <a href="/readiness">{percent(district.shareLevel2Plus, lang)}</a>
            </div>
            <div class="muted">
              {LEVELS.filter((l) => district.byLevel[l]).map((l) => `${LEVEL_LABEL[l][zh ? 0 : 1]}: ${district.byLevel[l]}`).join(' · ') || '—'}
            </div>
          </div>
          <div class="card">
            <div>
              {zh ? `${year}年5G基站完成率` : `5G stations ${year}`}
            </div>
            <div class="figure">
              <a href={`/field?year=${year}`}>{percent(field.ratio, lang)}</a>
            </div>
            <div class="muted">
              {number(field.built, lang)} / {number(field.target, lang)} {zh ? '（已建成 / 目标）' : '(built / target)'}
            </div>
          </div>
        </div>
        <h2>{zh ? '各单位设备状态' : 'Devices by unit'}</h2>
        <div class="wrap" tabindex={0}>
          <table>
            <HeadRow lang={lang} columns={[['单位', 'Unit'], ['镇街', 'Town'], ['在线', 'Up', 'num'], ['离线', 'Down', 'num'], ['未轮询', 'Not polled', 'num']]} />
            <tbody>
              {[...groups.values()].map((g) => (
                <tr>
                  <td>
                    <a href={`/devices?unit=${encodeURIComponent(g.unit)}`}>{g.unit}</a>
                  </td>
                  <td>{g.town}</td>
                  <td class="num up">{g.up}</td>
                  <td class={g.down ? 'num down' : 'num'}>{g.down}</td>
                  <td class="num">{g.unpolled}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p class="muted">
          <a href="/metrics">/metrics</a> · <a href="/api/openapi.json">API (OpenAPI)</a>
        </p>
      </>,
    );
  });
  return app;
}
