import { Hono, type Context } from 'hono';
import { csrf } from 'hono/csrf';
import type { AppContext } from '../context';
import { requireRole } from '../auth/middleware';
import { allows } from '../auth/tokens';
import { DomainError } from '../errors';
import { ApiError, onError, userError } from '../http/errors';
import { buildReport } from '../incidents/report';
import { drillId } from '../drills/routes';
import { drillView } from '../drills/view';
import { annotate, changeEnd, createDrill, getDrill, isActive, listDrills } from '../drills/store';
import { dateTime } from './format';
import { langOf, pageRenderer } from './layout';
import { DrillsPage, ReportPage } from './pages/drills';
import { formGuard, sessionMiddleware } from './session';

/** How often the board asks for fresh figures while a drill runs. */
const REFRESH_SECONDS = 5;
const EXTEND_MINUTES = [30, 60, 120, 240];

/** A datetime-local field, read as Beijing time (the district's clock, whatever the browser's zone). */
function beijing(field: string, v: unknown): Date {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v)) throw new DomainError('invalid', `${field}: expected a date and time like 2026-05-12T09:00`);
  return new Date(`${v}:00+08:00`);
}

const canRun = (c: Context) => {
  const who = c.get('principal');
  return !!who && (allows(who.role, 'security') || allows(who.role, 'admin'));
};

/**
 * /drills (list, and a new drill for security and admin) and /drills/:id, the board the security team keeps
 * open during a drill: window, extend or end it, annotations typed in as things happen, and the live figures
 * (the after-action report's sections, refreshed in place every few seconds). Viewers see it read-only.
 */
export function drillPageRoutes(ctx: AppContext): Hono {
  const { db } = ctx;
  const app = new Hono();
  for (const p of ['/drills', '/drills/*']) app.use(p, sessionMiddleware(db), csrf(), pageRenderer({ demo: ctx.demo }), formGuard());
  const run = requireRole(db, ['security', 'admin']);
  app.onError((err, c) => {
    if (err instanceof ApiError && err.status === 401) return c.redirect(`/field/signin?next=${encodeURIComponent(c.req.path)}`);
    const user = userError(err);
    if (user && c.req.method === 'POST') {
      c.status(user.status as 400);
      return c.render(
        <>
          <p class="msg err">{user.message}</p>
          <p>
            <a href={c.req.path.replace(/\/(extend|end|annotations)$/, '')}>{langOf(c) === 'zh' ? '返回' : 'Back'}</a>
          </p>
        </>,
      );
    }
    return onError(err, c);
  });

  app.get('/drills', requireRole(db, 'viewer'), async (c) =>
    c.render(<DrillsPage drills={(await listDrills(db)).map((d) => drillView(d))} form={canRun(c) ? { csrf: c.get('csrfToken') ?? '' } : null} />),
  );

  app.post('/drills', run, async (c) => {
    const b = await c.req.parseBody();
    const name = typeof b.name === 'string' ? b.name.trim() : '';
    if (!name || name.length > 128) throw new DomainError('invalid', 'name: 1 to 128 characters');
    const row = await createDrill(db, { name, startsAt: beijing('starts_at', b.starts_at), endsAt: beijing('ends_at', b.ends_at), scopeUnits: null, notes: typeof b.notes === 'string' ? b.notes.slice(0, 10_000) : '' }, c.get('principal').name);
    return c.redirect(`/drills/${row.id}`, 303);
  });

  app.get('/drills/:id/report', requireRole(db, 'viewer'), async (c) => {
    const r = await buildReport(db, drillId(c.req.param('id')));
    return c.render(<ReportPage r={r} />, { title: `演练复盘报告 After-action report — ${r.drill.name}` });
  });

  // The live part of the board, as HTML the board's script swaps in.
  app.get('/drills/:id/live', requireRole(db, 'viewer'), async (c) => c.html(String(<ReportPage r={await buildReport(db, drillId(c.req.param('id')))} />)));

  app.get('/drills/:id', requireRole(db, 'viewer'), async (c) => {
    const lang = langOf(c);
    const zh = lang === 'zh';
    const d = await getDrill(db, drillId(c.req.param('id')));
    const active = isActive(d, new Date());
    const token = c.get('csrfToken') ?? '';
    const runner = canRun(c);
    return c.render(
      <>
        <h1>
          {d.name} <small>{active ? (zh ? '进行中' : 'in progress') : d.endsAt < new Date() ? (zh ? '已结束' : 'ended') : zh ? '未开始' : 'upcoming'}</small>
        </h1>
        <p>
          {dateTime(d.startsAt, lang)} – {dateTime(d.endsAt, lang)} · {zh ? '范围' : 'scope'}: {d.scopeUnits?.join('、') ?? (zh ? '全区' : 'all units')} ·{' '}
          <a href={`/drills/${d.id}/report`}>{zh ? '复盘报告' : 'After-action report'}</a>
        </p>
        {runner && d.endsAt > new Date() && (
          <div class="card no-print">
            <form method="post" action={`/drills/${d.id}/extend`} class="inline">
              <input type="hidden" name="_csrf" value={token} />
              <label>
                {zh ? '延长' : 'Extend by'}
                <select name="minutes">
                  {EXTEND_MINUTES.map((m) => (
                    <option value={String(m)}>{zh ? `${m} 分钟` : `${m} min`}</option>
                  ))}
                </select>
              </label>
              <button type="submit">{zh ? '延长' : 'Extend'}</button>
            </form>
            {active && (
              <form method="post" action={`/drills/${d.id}/end`} class="inline" style="margin-top:.5rem">
                <input type="hidden" name="_csrf" value={token} />
                <button type="submit">{zh ? '现在结束演练' : 'End the drill now'}</button>
              </form>
            )}
          </div>
        )}
        {runner && (
          <form method="post" action={`/drills/${d.id}/annotations`} class="filters no-print" aria-label={zh ? '现场记录' : 'Annotation'}>
            <input type="hidden" name="_csrf" value={token} />
            <label style="flex:1">
              {zh ? '新记录' : 'New note'}
              <input name="text" required maxlength={10_000} style="width:100%" />
            </label>
            <button type="submit">{zh ? '添加' : 'Add'}</button>
          </form>
        )}
        <h2>{zh ? '实时态势' : 'Live state'}</h2>
        <p class="muted no-print">
          {zh ? `每 ${REFRESH_SECONDS} 秒自动更新` : `Updates every ${REFRESH_SECONDS} s`} · <span id="live-at">{dateTime(new Date(), lang)}</span>
        </p>
        <section id="live" data-src={`/drills/${d.id}/live`} aria-live="polite">
          <ReportPage r={await buildReport(db, d.id)} />
        </section>
        <script dangerouslySetInnerHTML={{ __html: `(function(){var s=document.getElementById('live'),t=document.getElementById('live-at');setInterval(function(){fetch(s.dataset.src,{credentials:'same-origin'}).then(function(r){return r.ok?r.text():null}).then(function(h){if(h!==null){s.innerHTML=h;t.textContent=new Date().toLocaleString('zh-CN',{timeZone:'Asia/Shanghai',hour12:false});}}).catch(function(){});},${REFRESH_SECONDS * 1000});})();` }} />
      </>,
    );
  });

  app.post('/drills/:id/extend', run, async (c) => {
    const d = await getDrill(db, drillId(c.req.param('id')));
    const minutes = Number((await c.req.parseBody()).minutes);
    if (!EXTEND_MINUTES.includes(minutes)) throw new DomainError('invalid', `minutes: one of ${EXTEND_MINUTES.join(', ')}`);
    await changeEnd(db, d.id, new Date(d.endsAt.getTime() + minutes * 60_000), `延长 ${minutes} 分钟 extended by ${minutes} min`, c.get('principal').name);
    return c.redirect(`/drills/${d.id}`, 303);
  });

  app.post('/drills/:id/end', run, async (c) => {
    const d = await getDrill(db, drillId(c.req.param('id')));
    await changeEnd(db, d.id, new Date(), '演练结束 ended', c.get('principal').name);
    return c.redirect(`/drills/${d.id}`, 303);
  });

  app.post('/drills/:id/annotations', run, async (c) => {
    const text = (await c.req.parseBody()).text;
    if (typeof text !== 'string' || !text.trim() || text.length > 10_000) throw new DomainError('invalid', 'text: 1 to 10,000 characters');
    await annotate(db, drillId(c.req.param('id')), text.trim(), c.get('principal').name);
    return c.redirect(`/drills/${c.req.param('id')}`, 303);
  });
  return app;
}
