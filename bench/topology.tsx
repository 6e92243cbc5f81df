/**
 * Topology layout (npm run bench:topology): how long ELK takes to lay out a district graph of 100 to 1,500 nodes
 * in yunet's worker thread, how long the event loop is blocked meanwhile, against the same layout run on the main
 * thread; and the size and render time of the page's SVG. The graph is synthetic: units of one aggregation switch
 * with access switches below, aggregation switches joined to two cores (a hand-made shape, like a district's).
 */
import { createRequire } from 'node:module';
import { elkGraph, TopologyLayouter, MAX_LAYOUT_NODES } from '../src/topology/layout';
import type { TopologyView } from '../src/topology/service';
import { TopologySvg } from '../src/web/topology-svg';
import { loopBlock } from './measure';
import { machine, writeSection } from './results';

const SIZES = (process.env.BENCH_TOPOLOGY_SIZES ?? `100,500,${MAX_LAYOUT_NODES}`).split(',').map(Number);

function district(nodes: number): TopologyView {
  const view: TopologyView = { nodes: [], links: [], unknown: [] };
  const add = (id: string, unit: string) => view.nodes.push({ id, kind: 'device', unit, up: true });
  const link = (a: string, ai: string, b: string, bi: string, i: number) =>
    view.links.push({ a: { node: a, ifName: ai }, b: { node: b, ifName: bi }, state: 'up', utilisation: (i % 10) / 10 });
  add('core-1', '区政务数据局');
  add('core-2', '区政务数据局');
  link('core-1', 'Eth-Trunk1', 'core-2', 'Eth-Trunk1', 0);
  const perUnit = 10;
  for (let u = 0; view.nodes.length < nodes; u++) {
    const unit = `单位${u + 1}`;
    const agg = `u${u}-agg`;
    add(agg, unit);
    link(agg, 'XGE1/0/49', 'core-1', `10GE1/${u}/0`, u);
    link(agg, 'XGE1/0/50', 'core-2', `10GE1/${u}/0`, u + 1);
    for (let a = 0; a < perUnit - 1 && view.nodes.length < nodes; a++) {
      const acc = `u${u}-acc${a}`;
      add(acc, unit);
      link(acc, 'GE0/0/49', agg, `GE1/0/${a + 1}`, a);
    }
  }
  return view;
}

/** Wall time of `work` and the event loop's longest delay meanwhile (how long it was blocked). */
async function blocked<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; blockMs: number }> {
  const t0 = performance.now();
  const { result, maxBlockMs } = await loopBlock(work);
  return { result, ms: performance.now() - t0, blockMs: maxBlockMs };
}

const groupOf = (n: TopologyView['nodes'][number]) => n.unit ?? '';
const ELK = createRequire(import.meta.url)('elkjs/lib/elk.bundled.js') as new () => { layout(g: unknown): Promise<unknown> };

const rows: string[] = [];
for (const size of SIZES) {
  const view = district(size);
  const layouter = new TopologyLayouter();
  const cold = await blocked(() => layouter.layout(view, groupOf));
  const warm = await blocked(() => layouter.layout(view, groupOf));
  const svg = await blocked(async () => String(<TopologySvg view={view} layout={cold.result} lang="zh" title="拓扑" />));
  layouter.close();
  // The same ELK on the main thread, for comparison (what the page would cost without the worker).
  const inThread = await blocked(() => new ELK().layout(elkGraph(view, groupOf)));
  const line = `| ${view.nodes.length} | ${view.links.length} | ${(cold.ms / 1000).toFixed(2)} s | ${cold.blockMs.toFixed(0)} ms | ${warm.ms.toFixed(1)} ms | ${(inThread.ms / 1000).toFixed(2)} s | ${inThread.blockMs.toFixed(0)} ms | ${svg.ms.toFixed(0)} ms | ${(svg.result.length / 1024).toFixed(0)} KB |`;
  console.log(line);
  rows.push(line);
}

writeSection(
  'Topology layout',
  `\`npm run bench:topology\` — ${machine()}.

A synthetic district (two cores; per unit one aggregation switch with two uplinks and nine access switches),
grouped by unit, laid out by ELK's layered algorithm (elkjs) as the /topology page does. "Worker" is yunet's way:
ELK in a worker thread, the first layout including the worker's start; "cached" is the same graph asked again
(states change every poll, the shape rarely). "Main thread" runs the same ELK layout on the event loop for
comparison. Blocked = the event loop's longest delay while the layout ran (perf_hooks' monitorEventLoopDelay,
10 ms resolution). SVG = rendering the
page's drawing from the layout.

| nodes | links | worker, first | blocked | cached | main thread | blocked | SVG render | SVG size |
|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}`,
);
