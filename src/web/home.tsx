import { Hono } from 'hono';
import type { AppContext } from '../context';
import { requireRole } from '../auth/middleware';
import { ApiError, onError } from '../http/errors';
import { sessionMiddleware } from './session';

const css = `body{margin:0;font-family:"Noto Sans CJK SC","WenQuanYi Zen Hei","Microsoft YaHei",system-ui,sans-serif;color:#1d2733;background:#f4f6f8}
header{background:#0b4f8a;color:#fff;padding:.6rem 1rem}main{max-width:1100px;margin:0 auto;padding:1rem}
nav{display:flex;flex-wrap:wrap;gap:.5rem 1.2rem;margin:.4rem 0 1rem}a{color:#0b4f8a}.wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;background:#fff}th,td{padding:.35rem .5rem;border-bottom:1px solid #e3e7eb;text-align:left;white-space:nowrap}
th{background:#eef2f6}.up{color:#2a8f4a}.down{color:#b3261e}.muted{color:#667}.badge{background:#d08a1c;color:#fff;border-radius:3px;padding:0 .4rem;margin-left:.5rem}`;

const shanghai = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'medium' });

/**
 * `/`: where a newcomer lands — the fleet's poll state at a glance and the way to every page and
 * endpoint. Open like /metrics: it shows names and states, never addresses or credentials.
 */
export function homeRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  // http.pages_auth closes the landing page to anonymous visitors: they are sent to sign in.
  if (ctx.config.http.pages_auth) {
    app.use('/', sessionMiddleware(ctx.db), requireRole(ctx.db, 'viewer'));
    app.onError((err, c) => (err instanceof ApiError && err.status === 401 ? c.redirect('/field/signin?next=/') : onError(err, c)));
  }
  app.get('/', (c) => {
    const devices = ctx.fleet.list();
    const up = devices.filter((d) => d.state.up === true).length;
    const cycle = ctx.fleet.lastCycle;
    const page = (
      <html lang="zh-CN">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>yunet 政务外网运维监测</title>
          <style>{css}</style>
        </head>
        <body>
          <header>
            <strong>yunet 政务外网运维监测</strong> <span class="muted">network operations monitor</span>
            {ctx.demo && <span class="badge">演示 demo</span>}
          </header>
          <main>
            <nav>
              <a href="/field">5G与外场建设 Field build-out</a>
              <a href="/drills">攻防演练 Drills</a>
              <a href="/metrics">/metrics</a>
              <a href="/api/openapi.json">API (OpenAPI)</a>
            </nav>
            {ctx.demo && (
              <p class="muted">
                演示模式：用启动日志里打印的 demo-admin 令牌<a href="/field/signin">登录</a>，即可查看所有页面。 Demo mode: <a href="/field/signin">sign in</a> with the
                demo-admin token printed in the start log to see every page.
              </p>
            )}
            <p>
              设备 {devices.length} 台，在线 {up} 台 · {devices.length} devices, {up} up
              {cycle && ` · 最近一轮 last cycle #${cycle.cycle}: ${cycle.ok} ok, ${cycle.failed} failed, ${cycle.skipped} skipped, ${cycle.durationSeconds.toFixed(2)} s`}
            </p>
            <div class="wrap">
              <table>
                <thead>
                  <tr>
                    <th>设备 device</th>
                    <th>单位 unit</th>
                    <th>厂商 vendor</th>
                    <th>状态 state</th>
                    <th>最近轮询 last poll</th>
                    <th>错误 errors</th>
                  </tr>
                </thead>
                <tbody>
                  {devices.map(({ row, state }) => (
                    <tr>
                      <td>
                        <a href={`/metrics/devices/${encodeURIComponent(row.name)}`}>{row.name}</a>
                      </td>
                      <td>{row.unit ?? ''}</td>
                      <td>{state.facts?.vendor ?? row.vendor}</td>
                      <td class={state.up ? 'up' : state.up === false ? 'down' : 'muted'}>{state.up ? '在线 up' : state.up === false ? '离线 down' : '未轮询 not polled'}</td>
                      <td>{state.lastPollAt ? shanghai.format(state.lastPollAt) : ''}</td>
                      <td>{state.errors.map((e) => `${e.collector}: ${e.kind}`).join(', ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </main>
        </body>
      </html>
    );
    return c.html('<!DOCTYPE html>' + String(page));
  });
  return app;
}
