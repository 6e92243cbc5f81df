import { Hono } from 'hono';
import type { AppContext } from '../context';
import type { Services } from '../services';
import { requireRole } from '../auth/middleware';
import { ApiError, onError } from '../http/errors';
import { langOf, pageRenderer } from './layout';
import { sessionMiddleware } from './session';
import { percent } from './format';
import { HeadRow } from './table';
import { dueForReplacement, ROLES, type Role, type UnitSummary } from '../xinchuang/inventory';
import { xinchuangDevices, xinchuangSummary, yearNow } from '../xinchuang/service';

const ROLE_ZH: Record<Role, string> = { core: '核心', aggregation: '汇聚', access: '接入', security: '安全', unassigned: '未指定' };
const ORIGIN_ZH = { domestic: '国产', foreign: '国外', unknown: '未知' } as const;

/** /xinchuang: the 信创 adaptation inventory — domestic share per unit and role against this year's target, the replacement list. */
export function xinchuangPageRoutes(ctx: AppContext, services: Services): Hono {
  const app = new Hono();
  app.use('/xinchuang', sessionMiddleware(ctx.db), pageRenderer({ demo: ctx.demo }), requireRole(ctx.db, 'viewer'));
  app.onError((err, c) => (err instanceof ApiError && err.status === 401 ? c.redirect(`/field/signin?next=${encodeURIComponent(c.req.path)}`) : onError(err, c)));

  app.get('/xinchuang', async (c) => {
    const lang = langOf(c);
    const zh = lang === 'zh';
    const year = yearNow();
    const s = await xinchuangSummary(ctx, services, year);
    const due = dueForReplacement(await xinchuangDevices(ctx, services));
    const rows: UnitSummary[] = [s.district, ...s.units];
    const roleCell = (u: UnitSummary, r: Role) => (u.byRole[r].total ? `${u.byRole[r].domestic}/${u.byRole[r].total}` : '—');
    return c.render(
      <>
        <h1>{zh ? `信创适配改造进展（${year} 年）` : `Domestic-equipment programme (${year})`}</h1>
        <p class="no-print">
          <a href="/api/xinchuang/replacements.csv">{zh ? '导出待替换设备 CSV' : 'Export replacements as CSV'}</a>{' '}
          <a href="/api/xinchuang/replacements.xlsx">{zh ? '导出 XLSX' : 'Export as XLSX'}</a>
        </p>
        <div class="wrap" tabindex={0}>
          <table>
            <HeadRow
              lang={lang}
              columns={[['单位', 'Unit'], ['设备', 'Devices', 'num'], ['国产', 'Domestic', 'num'], ['国外', 'Foreign', 'num'], ['未知', 'Unknown', 'num'], ['国产占比', 'Domestic share', 'num'], ['年度目标', 'Target', 'num'], ['达标', 'Met'], ...ROLES.map((r): [string, string, 'num'] => [`${ROLE_ZH[r]}（国产/总数）`, `${r} (domestic/all)`, 'num'])]}
            />
            <tbody>
              {rows.map((u, i) => (
                <tr class={i === 0 ? 'total' : ''}>
                  <td>{i === 0 ? (zh ? '全区' : 'District') : u.unit}</td>
                  <td class="num">{u.total}</td>
                  <td class="num">{u.domestic}</td>
                  <td class="num">{u.foreign}</td>
                  <td class="num">{u.unknown}</td>
                  <td class="num">{percent(u.ratio, lang)}</td>
                  <td class="num">{percent(u.target, lang)}</td>
                  <td class={u.met === null ? '' : u.met ? 'pass' : 'fail'}>{u.met === null ? '—' : u.met ? (zh ? '达到' : 'met') : zh ? '未达到' : 'below'}</td>
                  {ROLES.map((r) => (
                    <td class="num">{roleCell(u, r)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <h2>{zh ? `待替换或待核实设备（${due.length}）` : `Devices to replace or identify (${due.length})`}</h2>
        <div class="wrap" tabindex={0}>
          <table>
            <HeadRow lang={lang} columns={[['单位', 'Unit'], ['设备', 'Device'], ['厂商', 'Vendor'], ['型号', 'Model'], ['软件版本', 'Version'], ['角色', 'Role'], ['产地', 'Origin'], ['位置', 'Location']]} />
            <tbody>
              {due.map((d) => (
                <tr>
                  <td>{d.unit}</td>
                  <td>
                    <a href={`/devices/${encodeURIComponent(d.name)}`}>{d.name}</a>
                  </td>
                  <td>{d.vendor ?? '—'}</td>
                  <td>{d.model ?? '—'}</td>
                  <td>{d.version ?? '—'}</td>
                  <td>{zh ? ROLE_ZH[d.role] : d.role}</td>
                  <td>{zh ? ORIGIN_ZH[d.origin] : d.origin}</td>
                  <td>{d.location ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </>,
      { title: zh ? '信创' : 'Xinchuang' },
    );
  });
  return app;
}
