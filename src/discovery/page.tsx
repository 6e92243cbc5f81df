import { Hono } from 'hono';
import type { AppContext } from '../context';
import { requireRole } from '../auth/middleware';
import { ApiError, onError } from '../http/errors';
import { langOf, pageRenderer } from '../web/layout';
import { sessionMiddleware } from '../web/session';
import { listCandidates } from './routes';
import { discoveryService } from './service';

const STATUS_ZH = { new: '待审批', approved: '已纳管', ignored: '已忽略', moved: '地址变更' } as const;
type Status = keyof typeof STATUS_ZH;
const STATUS_EN: Record<Status, string> = { new: 'waiting', approved: 'approved', ignored: 'ignored', moved: 'moved' };

/** /discovery (admin): candidates of the sweeps with filters, as a plain GET form (works without JavaScript). */
export function discoveryPageRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  app.use('/discovery', sessionMiddleware(ctx.db), pageRenderer({ demo: ctx.demo }), requireRole(ctx.db, 'admin'));
  app.onError((err, c) => (err instanceof ApiError && err.status === 401 ? c.redirect(`/field/signin?next=${encodeURIComponent(c.req.path)}`) : onError(err, c)));

  app.get('/discovery', (c) => {
    const zh = langOf(c) === 'zh';
    const q = c.req.query();
    const status = (q.status && q.status in STATUS_ZH ? q.status : 'new') as Status;
    const unit = q.unit?.slice(0, 128) || undefined;
    const vendor = q.vendor?.slice(0, 64) || undefined;
    const rows = listCandidates(ctx, { status, unit, vendor, limit: 500, offset: 0 });
    const service = discoveryService(ctx);
    const last = service.last;
    return c.render(
      <>
        <h1>{zh ? '设备发现' : 'Discovery'}</h1>
        <p>
          {last
            ? zh
              ? `上次扫描：${last.finishedAt}，${last.addresses} 个地址，${last.answered} 个应答，用时 ${last.durationSeconds.toFixed(1)} 秒。`
              : `Last sweep: ${last.finishedAt}, ${last.addresses} addresses, ${last.answered} answered, ${last.durationSeconds.toFixed(1)} s.`
            : zh
              ? '本次启动后尚未扫描。'
              : 'No sweep since start.'}{' '}
          {zh ? `待审批 ${service.pending()} 个。审批与忽略：POST /api/discovery/candidates/<id>/approve 或 /ignore。` : `${service.pending()} waiting. Approve or ignore: POST /api/discovery/candidates/<id>/approve or /ignore.`}
        </p>
        <form method="get" action="/discovery">
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
                {(zh ? ['编号', '地址', '系统名称', '厂商', '单位', '凭据', '来源', '状态', '最后发现'] : ['id', 'address', 'sysName', 'vendor', 'unit', 'credential', 'source', 'status', 'last seen']).map((h) => (
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
                  <td>{(zh ? STATUS_ZH : STATUS_EN)[r.status]}{r.knownDevice ? ` (${r.knownDevice})` : ''}</td>
                  <td>{r.lastSeen.toISOString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </>,
    );
  });
  return app;
}
