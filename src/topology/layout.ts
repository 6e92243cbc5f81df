import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { TopologyView } from './service';

/** Bounds: a bigger graph is refused with a message to filter by unit; a layout taking longer is abandoned. */
export const MAX_LAYOUT_NODES = 1500;
export const LAYOUT_TIMEOUT_MS = 20_000;
/** The layout worker (ELK holds ~50 MB) goes away after this long without work. */
const WORKER_IDLE_MS = 60_000;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface PlacedGroup extends Box {
  label: string;
}
export interface PlacedNode extends Box {
  id: string;
}
export interface TopologyLayout {
  width: number;
  height: number;
  groups: PlacedGroup[];
  nodes: Map<string, PlacedNode>;
  /** Polyline of each link, by linkKey. */
  paths: Map<string, { x: number; y: number }[]>;
}

export const linkKey = (l: TopologyView['links'][number]) => [l.a.node, l.a.ifName, l.b.node, l.b.ifName].join('\u0000');

export class LayoutTooLarge extends Error {}

/** A label's width in px at 13 px: CJK characters are square, Latin about half as wide. */
export function labelWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u2e80-\u9fff\uff00-\uffef]/.test(ch) ? 13 : 7.4;
  return w;
}
export const NODE_HEIGHT = 34;
export const nodeWidth = (id: string) => Math.min(220, Math.max(64, Math.ceil(labelWidth(id)) + 20));

// Run in a worker thread: ELK takes 0.2–1 s for a few hundred nodes, which must not block polling and pages.
const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const ELK = require(workerData.elk);
const elk = new ELK();
parentPort.on('message', (m) => elk.layout(m.graph).then(
  (g) => parentPort.postMessage({ id: m.id, graph: g }),
  (e) => parentPort.postMessage({ id: m.id, error: String((e && e.message) || e) })));
`;

interface ElkNode {
  id: string;
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  children?: ElkNode[];
  labels?: { text: string }[];
  layoutOptions?: Record<string, string>;
  edges?: { id: string; sources: string[]; targets: string[]; sections?: { startPoint: Pt; endPoint: Pt; bendPoints?: Pt[] }[] }[];
}
type Pt = { x: number; y: number };

/**
 * Lays out the district's graph with ELK's layered algorithm, nodes grouped (a compound node per unit or town),
 * in a worker thread. Layouts are cached by the graph's structure: states and colours change every poll, the
 * layout only when a node or link comes or goes.
 */
export class TopologyLayouter {
  private worker: Worker | null = null;
  private idle: NodeJS.Timeout | null = null;
  private pending = new Map<number, { resolve: (g: ElkNode) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private cache = new Map<string, Promise<TopologyLayout>>();

  /** `groupOf` names each node's group ("" for none). */
  layout(view: TopologyView, groupOf: (node: TopologyView['nodes'][number]) => string): Promise<TopologyLayout> {
    if (view.nodes.length > MAX_LAYOUT_NODES)
      return Promise.reject(new LayoutTooLarge(`${view.nodes.length} nodes: more than ${MAX_LAYOUT_NODES} to draw at once; choose a unit or town`));
    const key = JSON.stringify([view.nodes.map((n) => [n.id, groupOf(n)]).sort(), view.links.map(linkKey).sort()]);
    let hit = this.cache.get(key);
    if (!hit) {
      hit = this.run(elkGraph(view, groupOf)).then((g) => placed(g, view));
      hit.catch(() => this.cache.delete(key));
      if (this.cache.size >= 16) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(key, hit);
    }
    return hit;
  }

  close(): void {
    void this.worker?.terminate();
    this.worker = null;
    if (this.idle) clearTimeout(this.idle);
  }

  private run(graph: ElkNode): Promise<ElkNode> {
    const worker = this.ensureWorker();
    if (this.idle) clearTimeout(this.idle);
    const id = this.nextId++;
    return new Promise<ElkNode>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        this.close(); // a stuck layout takes its worker with it
        reject(new Error(`topology layout took longer than ${LAYOUT_TIMEOUT_MS / 1000} s`));
      }, LAYOUT_TIMEOUT_MS);
      this.pending.set(id, {
        resolve: (g) => (clearTimeout(timer), resolve(g)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      worker.postMessage({ id, graph });
    }).finally(() => {
      if (this.pending.size === 0 && this.worker) this.idle = setTimeout(() => this.close(), WORKER_IDLE_MS).unref();
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const elk = createRequire(import.meta.url).resolve('elkjs/lib/elk.bundled.js');
    const worker = new Worker(WORKER_CODE, { eval: true, workerData: { elk } });
    worker.unref();
    worker.on('message', (m: { id: number; graph?: ElkNode; error?: string }) => {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.error !== undefined) p?.reject(new Error(`topology layout: ${m.error}`));
      else p?.resolve(m.graph!);
    });
    worker.on('error', (e) => this.failAll(e));
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = null;
      this.failAll(new Error('topology layout worker stopped'));
    });
    return (this.worker = worker);
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
}

/** The ELK input for a view: one compound node per group, one edge per link. */
export function elkGraph(view: TopologyView, groupOf: (node: TopologyView['nodes'][number]) => string): ElkNode {
  const leaf = (id: string): ElkNode => ({ id: `n:${id}`, width: nodeWidth(id), height: NODE_HEIGHT });
  const groups = new Map<string, ElkNode[]>();
  const top: ElkNode[] = [];
  for (const n of view.nodes) {
    const g = groupOf(n);
    if (!g) top.push(leaf(n.id));
    else groups.set(g, [...(groups.get(g) ?? []), leaf(n.id)]);
  }
  const children = [
    ...[...groups].map(([label, kids]) => ({
      id: `g:${label}`,
      labels: [{ text: label }],
      children: kids,
      layoutOptions: { 'elk.padding': '[top=30,left=12,bottom=12,right=12]', 'elk.nodeSize.minimum': `(${Math.ceil(labelWidth(label)) + 24}, 40)`, 'elk.nodeSize.constraints': 'MINIMUM_SIZE' },
    })),
    ...top,
  ];
  return {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.layered.spacing.nodeNodeBetweenLayers': '48',
      'elk.spacing.nodeNode': '24',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.json.shapeCoords': 'ROOT',
      'elk.json.edgeCoords': 'ROOT',
    },
    children,
    edges: view.links.map((l, i) => ({ id: `e${i}`, sources: [`n:${l.a.node}`], targets: [`n:${l.b.node}`] })),
  };
}

function placed(g: ElkNode, view: TopologyView): TopologyLayout {
  const groups: PlacedGroup[] = [];
  const nodes = new Map<string, PlacedNode>();
  const box = (n: ElkNode): Box => ({ x: n.x ?? 0, y: n.y ?? 0, width: n.width ?? 0, height: n.height ?? 0 });
  for (const c of g.children ?? []) {
    if (c.id.startsWith('g:')) {
      groups.push({ ...box(c), label: c.labels?.[0]?.text ?? '' });
      for (const k of c.children ?? []) nodes.set(k.id.slice(2), { ...box(k), id: k.id.slice(2) });
    } else nodes.set(c.id.slice(2), { ...box(c), id: c.id.slice(2) });
  }
  const edges = new Map((g.edges ?? []).map((e) => [e.id, e]));
  const paths = new Map(
    view.links.map((l, i) => {
      const s = edges.get(`e${i}`)?.sections?.[0];
      if (s) return [linkKey(l), [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]];
      // No route from ELK (should not happen): a straight line between the centres.
      const [a, b] = [nodes.get(l.a.node)!, nodes.get(l.b.node)!];
      return [linkKey(l), [{ x: a.x + a.width / 2, y: a.y + a.height / 2 }, { x: b.x + b.width / 2, y: b.y + b.height / 2 }]];
    }),
  );
  return { width: Math.ceil(g.width ?? 0), height: Math.ceil(g.height ?? 0), groups, nodes, paths };
}
