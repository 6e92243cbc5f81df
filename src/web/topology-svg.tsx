import type { Lang } from '../field/labels';
import { linkKey, NODE_HEIGHT, type TopologyLayout } from '../topology/layout';
import type { TopologyLink, TopologyView } from '../topology/service';
import { percent } from './format';

/** Utilisation bands (upper bound, colour): colour-blind-safe steps, red kept for links that are down. */
const BANDS: [number, string, string, string][] = [
  [0.3, '#2e7d32', '< 30%', '< 30%'],
  [0.6, '#827717', '30–60%', '30–60%'],
  [0.85, '#e65100', '60–85%', '60–85%'],
  [Infinity, '#6a1b9a', '≥ 85%', '≥ 85%'],
];
const DOWN = '#c62828';
const UNMEASURED = '#78909c';

export function linkColour(l: TopologyLink): string {
  if (l.state !== 'up') return DOWN;
  if (l.utilisation === null) return UNMEASURED;
  return BANDS.find(([max]) => l.utilisation! < max)![1];
}

export function linkText(l: TopologyLink, lang: Lang): string {
  const zh = lang === 'zh';
  const state =
    l.state === 'down' ? (zh ? '中断' : 'down') : l.state === 'lost' ? (zh ? '已消失' : 'lost') : l.utilisation === null ? (zh ? '利用率未知' : 'utilisation unknown') : `${zh ? '利用率' : 'utilisation'} ${percent(l.utilisation, lang)}`;
  return `${l.a.node} ${l.a.ifName} ↔ ${l.b.node} ${l.b.ifName} · ${state}`;
}

/** The legend's entries: colour and words. */
export function legend(lang: Lang): [string, string, string?][] {
  const zh = lang === 'zh';
  return [
    ...BANDS.map(([, colour, zhText, enText]): [string, string] => [colour, `${zh ? '利用率' : 'utilisation'} ${zh ? zhText : enText}`]),
    [UNMEASURED, zh ? '利用率未知' : 'utilisation unknown'],
    [DOWN, zh ? '中断（任一端设备或接口不通）' : 'down (either device or interface)'],
    [DOWN, zh ? '已消失（一天内曾出现）' : 'lost (seen within a day)', '6 4'],
  ];
}

const STYLE = `
.grp rect{fill:#f4f7fa;stroke:#b8c4d0}
.grp text{font:600 13px sans-serif;fill:#33475b}
.node rect{fill:#fff;stroke:#33475b;stroke-width:1.5}
.node.down rect{fill:#fdecea;stroke:${DOWN}}
.node.unknown rect{fill:#fff8e1;stroke:#8d6e00;stroke-dasharray:4 3}
.node text{font:13px sans-serif;fill:#1d2b36}
.link{fill:none;stroke-linejoin:round}
`;

/**
 * The district's graph as one standalone SVG (its own styles, so the exported file looks the same): units or
 * towns as boxes, devices linking to their pages, links coloured by utilisation and red when down.
 */
export function TopologySvg({ view, layout, lang, title }: { view: TopologyView; layout: TopologyLayout; lang: Lang; title: string }) {
  const pad = 8;
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      id="topology"
      width={layout.width + 2 * pad}
      height={layout.height + 2 * pad}
      viewBox={`${-pad} ${-pad} ${layout.width + 2 * pad} ${layout.height + 2 * pad}`}
      aria-labelledby="topology-title"
    >
      <title id="topology-title">{title}</title>
      <style>{STYLE}</style>
      {layout.groups.map((g) => (
        <g class="grp">
          <rect x={g.x} y={g.y} width={g.width} height={g.height} rx="6" />
          <text x={g.x + 10} y={g.y + 19}>
            {g.label}
          </text>
        </g>
      ))}
      {view.links.map((l) => {
        const points = layout.paths.get(linkKey(l)) ?? [];
        return (
          <path
            class="link"
            data-state={l.state}
            d={points.map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(' ')}
            stroke={linkColour(l)}
            stroke-width={(2 + 3 * (l.utilisation ?? 0)).toFixed(1)}
            stroke-dasharray={l.state === 'lost' ? '6 4' : undefined}
          >
            <title>{linkText(l, lang)}</title>
          </path>
        );
      })}
      {view.nodes.map((n) => {
        const p = layout.nodes.get(n.id);
        if (!p) return null;
        const box = (
          <>
            <rect x={p.x} y={p.y} width={p.width} height={NODE_HEIGHT} rx="4" />
            <text x={p.x + p.width / 2} y={p.y + NODE_HEIGHT / 2 + 4.5} text-anchor="middle">
              {n.id}
            </text>
          </>
        );
        const cls = `node ${n.kind}${n.up === false ? ' down' : ''}`;
        return n.kind === 'device' ? (
          <a class={cls} href={`/devices/${encodeURIComponent(n.id)}`} data-node={n.id}>
            <title>{`${n.id}${n.up === false ? (lang === 'zh' ? '（不可达）' : ' (unreachable)') : ''}`}</title>
            {box}
          </a>
        ) : (
          <g class={cls} data-node={n.id}>
            <title>{lang === 'zh' ? `${n.id}（未纳管的邻居）` : `${n.id} (neighbour not in the inventory)`}</title>
            {box}
          </g>
        );
      })}
    </svg>
  );
}
