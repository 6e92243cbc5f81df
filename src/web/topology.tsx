import { Hono, type Context } from 'hono';
import type { AppContext } from '../context';
import { requireRole } from '../auth/middleware';
import { allows } from '../auth/tokens';
import { ApiError, onError } from '../http/errors';
import { units } from '../../db/schema/inventory';
import { LayoutTooLarge, TopologyLayouter } from '../topology/layout';
import type { Topology, TopologyView } from '../topology/service';
import { langOf, pageRenderer } from './layout';
import { sessionMiddleware } from './session';
import { HeadRow } from './table';
import { FilterSelect } from './filter';
import { legend, linkColour, linkText, TopologySvg } from './topology-svg';

type Group = 'unit' | 'town';

/** The part of the graph a unit sees: its nodes, every link touching them, and the nodes at their far ends. */
function focus(view: TopologyView, unit: string): TopologyView {
  const inside = new Set(view.nodes.filter((n) => n.unit === unit).map((n) => n.id));
  const links = view.links.filter((l) => inside.has(l.a.node) || inside.has(l.b.node));
  const shown = new Set([...inside, ...links.flatMap((l) => [l.a.node, l.b.node])]);
  return { nodes: view.nodes.filter((n) => shown.has(n.id)), links, unknown: view.unknown.filter((u) => inside.has(u.device)) };
}

// PNG export: the inline SVG drawn onto a canvas in the browser (the SVG download needs no script).
const PNG_SCRIPT = `
document.getElementById('png').hidden = false;
document.getElementById('png').addEventListener('click', () => {
  const svg = document.getElementById('topology');
  const url = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(svg)], { type: 'image/svg+xml' }));
  const img = new Image();
  img.onload = () => {
    const canvas = document.createElement('canvas');
    canvas.width = svg.width.baseVal.value * 2;
    canvas.height = svg.height.baseVal.value * 2;
    const g = canvas.getContext('2d');
    g.fillStyle = '#fff';
    g.fillRect(0, 0, canvas.width, canvas.height);
    g.scale(2, 2);
    g.drawImage(img, 0, 0);
    URL.revokeObjectURL(url);
    const a = document.createElement('a');
    a.download = 'yunet-topology.png';
    a.href = canvas.toDataURL('image/png');
    a.click();
  };
  img.src = url;
});
`;

/**
 * /topology: the district's graph from LLDP/CDP, grouped by unit or town and laid out by ELK on the server, as
 * inline SVG (works without JavaScript, prints, exports as SVG and PNG), with every link listed in a table.
 */
export function topologyPageRoutes(ctx: AppContext, topology: Pick<Topology, 'fresh'>): Hono {
  const app = new Hono();
  const layouter = new TopologyLayouter();
  for (const p of ['/topology', '/topology.svg']) app.use(p, sessionMiddleware(ctx.db), pageRenderer({ demo: ctx.demo }), requireRole(ctx.db, 'viewer'));
  app.onError((err, c) => (err instanceof ApiError && err.status === 401 ? c.redirect(`/field/signin?next=${encodeURIComponent(c.req.path)}`) : onError(err, c)));

  const choice = async (c: Context) => {
    const unitNames = await ctx.db.select({ name: units.name, town: units.town }).from(units).orderBy(units.name);
    const towns = new Map(unitNames.map((u) => [u.name, u.town ?? '']));
    const unit = unitNames.find((u) => u.name === c.req.query('unit'))?.name ?? '';
    const group: Group = c.req.query('group') === 'town' ? 'town' : 'unit';
    const whole = await topology.fresh();
    const view = unit ? focus(whole, unit) : whole;
    const groupOf = (n: TopologyView['nodes'][number]) => (group === 'town' ? (towns.get(n.unit ?? '') ?? '') : (n.unit ?? ''));
    return { unitNames, unit, group, view, groupOf, query: new URLSearchParams({ ...(unit && { unit }), ...(group === 'town' && { group }) }).toString() };
  };

  app.get('/topology.svg', async (c) => {
    const { view, groupOf } = await choice(c);
    const lang = langOf(c);
    try {
      const layout = await layouter.layout(view, groupOf);
      const svg = <TopologySvg view={view} layout={layout} lang={lang} title={lang === 'zh' ? '网络拓扑' : 'Network topology'} />;
      c.header('content-disposition', 'attachment; filename="yunet-topology.svg"');
      return c.body(`<?xml version="1.0" encoding="UTF-8"?>\n${String(svg)}`, 200, { 'content-type': 'image/svg+xml; charset=utf-8' });
    } catch (e) {
      if (e instanceof LayoutTooLarge) throw new ApiError(413, `topology: ${e.message}`);
      throw e;
    }
  });

  app.get('/topology', async (c) => {
    const lang = langOf(c);
    const zh = lang === 'zh';
    const { unitNames, unit, group, view, groupOf, query } = await choice(c);
    let picture;
    let drawn = false;
    try {
      const layout = await layouter.layout(view, groupOf);
      drawn = true;
      picture = <TopologySvg view={view} layout={layout} lang={lang} title={zh ? `网络拓扑：${view.nodes.length} 个节点，${view.links.length} 条链路` : `Network topology: ${view.nodes.length} nodes, ${view.links.length} links`} />;
    } catch (e) {
      if (!(e instanceof LayoutTooLarge)) throw e;
      picture = <p class="fail">{zh ? `节点过多（${view.nodes.length} 个），请选择一个单位查看。` : `Too many nodes to draw (${view.nodes.length}); choose a unit.`}</p>;
    }
    const down = view.links.filter((l) => l.state !== 'up').length;
    const strangers = new Set(view.unknown.map((u) => u.neighbour)).size;
    const principal = c.get('principal');
    const admin = principal ? allows(principal.role, 'admin') : false;
    return c.render(
      <>
        <h1>{zh ? '网络拓扑' : 'Network topology'}</h1>
        <form method="get" action="/topology" class="filters no-print">
          <FilterSelect label={zh ? '单位' : 'Unit'} name="unit" all={zh ? '全区' : 'Whole district'} options={unitNames.map((u) => u.name)} selected={unit} />
          <FilterSelect label={zh ? '分组' : 'Group by'} name="group" options={[['unit', zh ? '单位' : 'unit'], ['town', zh ? '镇街' : 'town']]} selected={group} />
          <button type="submit">{zh ? '查看' : 'Show'}</button>
        </form>
        <p>
          {zh
            ? `${view.nodes.filter((n) => n.kind === 'device').length} 台设备，${view.links.length} 条链路，其中 ${down} 条中断或消失；${strangers} 个邻居不在设备清单中。`
            : `${view.nodes.filter((n) => n.kind === 'device').length} devices, ${view.links.length} links, ${down} of them down or lost; ${strangers} neighbours not in the inventory.`}
          {admin && strangers > 0 && (
            <>
              {' '}
              <a href="/discovery">{zh ? '查看发现的候选设备' : 'See discovery candidates'}</a>
            </>
          )}
        </p>
        <p class="no-print">
          <a href={`/topology.svg${query ? `?${query}` : ''}`} download="yunet-topology.svg">
            {zh ? '下载 SVG' : 'Download SVG'}
          </a>{' '}
          <button type="button" id="png" hidden>
            {zh ? '下载 PNG' : 'Download PNG'}
          </button>
        </p>
        <ul class="legend" aria-label={zh ? '图例' : 'Legend'}>
          {legend(lang).map(([colour, text, dash]) => (
            <li>
              <svg width="28" height="10" aria-hidden="true">
                <line x1="0" y1="5" x2="28" y2="5" stroke={colour} stroke-width="3" stroke-dasharray={dash} />
              </svg>{' '}
              {text}
            </li>
          ))}
        </ul>
        <div class="wrap" tabindex={0}>
          {picture}
        </div>
        <h2>{zh ? '链路' : 'Links'}</h2>
        <div class="wrap" tabindex={0}>
          <table id="links">
            <HeadRow lang={lang} columns={[['设备', 'Device'], ['接口', 'Interface'], ['对端', 'Neighbour'], ['对端接口', 'Neighbour interface'], ['状态', 'State']]} />
            <tbody>
              {view.links.map((l) => (
                <tr>
                  <td>{l.a.node}</td>
                  <td>{l.a.ifName}</td>
                  <td>{l.b.node}</td>
                  <td>{l.b.ifName}</td>
                  <td>
                    <span style={`color:${linkColour(l)}`} aria-hidden="true">
                      ●
                    </span>{' '}
                    {linkText(l, lang).split(' · ')[1]}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {drawn && <script dangerouslySetInnerHTML={{ __html: PNG_SCRIPT }} />}
      </>,
    );
  });
  return app;
}
