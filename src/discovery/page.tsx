import { Hono, type Context } from 'hono';
import { csrf } from 'hono/csrf';
import { eq } from 'drizzle-orm';
import type { AppContext } from '../context';
import { units } from '../../db/schema/inventory';
import { discoveryCandidates } from '../../db/schema/discovery';
import { requireRole } from '../auth/middleware';
import { ApiError, onError } from '../http/errors';
import { langOf, Message, pageRenderer } from '../web/layout';
import { formGuard, sessionMiddleware } from '../web/session';
import { approveCandidate, CandidateError, ignoreCandidate } from './candidates';
import { listCandidates } from './routes';
import { discoveryService } from './service';

const STATUS_ZH = { new: '待审批', approved: '已纳管', ignored: '已忽略', moved: '地址变更' } as const;
type Status = keyof typeof STATUS_ZH;
const STATUS_EN: Record<Status, string> = { new: 'waiting', approved: 'approved', ignored: 'ignored', moved: 'moved' };
const FIELD_ZH: Record<string, string> = { name: '设备名称', unit: '单位', credential: '凭据', address: '地址', port: '端口' };

/** A CandidateError in the page's language: CandidateError messages start with the field they are about. */
function errorText(e: CandidateError, zh: boolean): string {
  if (!zh) return e.message;
  const field = /^(\w+):/.exec(e.message)?.[1];
  if (e.status === 404) return `候选设备不存在或已纳管（${e.message}）`;
  if (e.status === 409 && field === 'name') return `设备名称已存在，请换一个名称（${e.message}）`;
  if (e.status === 409) return `该候选设备已纳管（${e.message}）`;
  return `${field && FIELD_ZH[field] ? `${FIELD_ZH[field]}有误` : '无法纳管'}（${e.message}）`;
}

const candidateId = (raw: string) => (/^\d{1,12}$/.test(raw) ? Number(raw) : -1);
const text = (v: unknown, max: number) => (typeof v === 'string' ? v.trim().slice(0, max) : '');

/**
 * /discovery (admin): candidates of the sweeps with filters (a plain GET form), and per row plain POST forms to
 * approve (name, unit) or ignore, plus "sweep now": everything works without JavaScript. Errors are shown on the
 * list; a success redirects back to it with a notice.
 */
export function discoveryPageRoutes(ctx: AppContext): Hono {
  const { db } = ctx;
  const app = new Hono();
  for (const p of ['/discovery', '/discovery/*']) app.use(p, sessionMiddleware(db), csrf(), pageRenderer({ demo: ctx.demo }), formGuard(), requireRole(db, 'admin'));
  app.onError(async (err, c) => {
    if (err instanceof ApiError && err.status === 401) return c.redirect(`/field/signin?next=${encodeURIComponent(c.req.method === 'GET' ? c.req.path : '/discovery')}`);
    if (err instanceof CandidateError) {
      c.status(err.status);
      return listPage(c, { err: errorText(err, langOf(c) === 'zh') });
    }
    if (err instanceof ApiError) {
      c.status(err.status as 403);
      return c.render(<p class="msg err">{err.message}</p>);
    }
    return onError(err, c);
  });

  const notice = async (c: Context, zh: boolean): Promise<string | undefined> => {
    const done = c.req.query('done');
    if (done === 'sweep') return zh ? '扫描已开始，完成后刷新本页查看结果。' : 'Sweep started; reload this page when it has finished.';
    if (done === 'running') return zh ? '已有扫描正在进行。' : 'A sweep is already running.';
    const [row] = await db.select().from(discoveryCandidates).where(eq(discoveryCandidates.id, candidateId(c.req.query('id') ?? ''))).limit(1);
    if (!row) return undefined;
    if (done === 'approved' && row.status === 'approved') return zh
        ? `${row.address} 已纳管${row.unit ? `，单位：${row.unit}` : ''}，下一轮轮询起开始监测。`
        : `${row.address} is now a device${row.unit ? ` of ${row.unit}` : ''}, polled from the next cycle on.`;
    if (done === 'ignored' && row.status === 'ignored') return zh ? `已忽略 ${row.address}。` : `${row.address} ignored.`;
    return undefined;
  };

  async function listPage(c: Context, msg: { ok?: string; err?: string }) {
    const zh = langOf(c) === 'zh';
    const q = c.req.query();
    const status = (q.status && q.status in STATUS_ZH ? q.status : 'new') as Status;
    const unit = q.unit?.slice(0, 128) || undefined;
    const vendor = q.vendor?.slice(0, 64) || undefined;
    const rows = await listCandidates(ctx, { status, unit, vendor, limit: 500, offset: 0 });
    const unitNames = (await db.select({ name: units.name }).from(units).orderBy(units.name)).map((u) => u.name);
    const service = discoveryService(ctx);
    const pending = await service.pending();
    const last = service.last;
    const token = c.get('csrfToken') ?? '';
    return c.render(
      <>
        <h1>{zh ? '设备发现' : 'Discovery'}</h1>
        <Message ok={msg.ok} err={msg.err} />
        <p>
          {last
            ? zh
              ? `上次扫描：${last.finishedAt}，${last.addresses} 个地址，${last.answered} 个应答，用时 ${last.durationSeconds.toFixed(1)} 秒。`
              : `Last sweep: ${last.finishedAt}, ${last.addresses} addresses, ${last.answered} answered, ${last.durationSeconds.toFixed(1)} s.`
            : zh
              ? '本次启动后尚未扫描。'
              : 'No sweep since start.'}{' '}
          {zh ? `待审批 ${pending} 个。` : `${pending} waiting.`}
          {service.running && (zh ? ' 扫描进行中。' : ' A sweep is running.')}
        </p>
        {ctx.config.discovery.enabled && (
          <form method="post" action="/discovery/sweep" class="inline">
            <input type="hidden" name="_csrf" value={token} />
            <button type="submit">{zh ? '立即扫描' : 'Sweep now'}</button>
          </form>
        )}
        <form method="get" action="/discovery" class="filters">
          <label>
            {zh ? '状态 ' : 'Status '}
            <select name="status">
              {(Object.keys(STATUS_ZH) as Status[]).map((s) => (
                <option value={s} selected={s === status}>
                  {zh ? STATUS_ZH[s] : STATUS_EN[s]}
                </option>
              ))}
            </select>
          </label>{' '}
          <label>
            {zh ? '单位 ' : 'Unit '}
            <input name="unit" value={unit ?? ''} maxlength={128} />
          </label>{' '}
          <label>
            {zh ? '厂商 ' : 'Vendor '}
            <input name="vendor" value={vendor ?? ''} maxlength={64} />
          </label>{' '}
          <button type="submit">{zh ? '筛选' : 'Filter'}</button>
        </form>
        <div class="wrap" tabindex={0}>
          <table>
            <thead>
              <tr>
                {(zh ? ['编号', '地址', '系统名称', '厂商', '单位', '凭据', '来源', '状态', '最后发现', '纳管', '忽略'] : ['id', 'address', 'sysName', 'vendor', 'unit', 'credential', 'source', 'status', 'last seen', 'approve', 'ignore']).map((h) => (
                  <th>{h}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <td>{r.id}</td>
                  <td>{r.address}</td>
                  <td>{r.sysName ?? '—'}</td>
                  <td>{r.vendor ?? '—'}</td>
                  <td>{r.unit ?? '—'}</td>
                  <td>{r.credential ?? '—'}</td>
                  <td>{r.source}</td>
                  <td>
                    {(zh ? STATUS_ZH : STATUS_EN)[r.status]}
                    {r.knownDevice ? ` (${r.knownDevice})` : ''}
                  </td>
                  <td>{r.lastSeen.toISOString()}</td>
                  <td>
                    {r.status === 'approved' ? (
                      '—'
                    ) : r.credential ? (
                      <form method="post" action={`/discovery/candidates/${r.id}/approve`} class="inline">
                        <input type="hidden" name="_csrf" value={token} />
                        <input name="name" value={r.sysName ?? r.address} required maxlength={128} aria-label={zh ? `${r.address} 的设备名称` : `Device name for ${r.address}`} />
                        <select name="unit" aria-label={zh ? `${r.address} 的单位` : `Unit for ${r.address}`}>
                          {!r.unit && <option value="">{zh ? '（无单位）' : '(no unit)'}</option>}
                          {unitNames.map((u) => (
                            <option value={u} selected={u === r.unit}>
                              {u}
                            </option>
                          ))}
                        </select>
                        <button type="submit" aria-label={zh ? `纳管 ${r.address}` : `Approve ${r.address}`}>
                          {zh ? '纳管' : 'Approve'}
                        </button>
                      </form>
                    ) : zh ? (
                      '尚无凭据应答'
                    ) : (
                      'no credential answered yet'
                    )}
                  </td>
                  <td>
                    {r.status !== 'approved' && r.status !== 'ignored' && (
                      <form method="post" action={`/discovery/candidates/${r.id}/ignore`} class="inline">
                        <input type="hidden" name="_csrf" value={token} />
                        <button type="submit" aria-label={zh ? `忽略 ${r.address}` : `Ignore ${r.address}`}>
                          {zh ? '忽略' : 'Ignore'}
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </>,
    );
  }

  app.get('/discovery', async (c) => listPage(c, { ok: await notice(c, langOf(c) === 'zh') }));

  app.post('/discovery/sweep', async (c) => {
    if (!ctx.config.discovery.enabled) {
      c.status(409);
      return listPage(c, { err: langOf(c) === 'zh' ? '配置中未启用设备发现（discovery.enabled）。' : 'discovery: not enabled in the configuration (discovery.enabled).' });
    }
    const service = discoveryService(ctx);
    const already = service.running !== null;
    service.start().catch(() => undefined);
    return c.redirect(`/discovery?done=${already ? 'running' : 'sweep'}`, 303);
  });

  app.post('/discovery/candidates/:id/approve', async (c) => {
    const body = await c.req.parseBody();
    const id = candidateId(c.req.param('id'));
    const name = text(body.name, 129) || undefined;
    const unit = text(body.unit, 129) || undefined;
    await approveCandidate(db, id, { name, unit });
    return c.redirect(`/discovery?done=approved&id=${id}`, 303);
  });

  app.post('/discovery/candidates/:id/ignore', async (c) => {
    const id = candidateId(c.req.param('id'));
    await ignoreCandidate(db, id);
    return c.redirect(`/discovery?done=ignored&id=${id}`, 303);
  });
  return app;
}
