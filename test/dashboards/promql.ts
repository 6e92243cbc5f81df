import type { Json, JsonObject } from '../../dashboards/builder';

/** One PromQL expression of a dashboard: a panel target, a variable query or an annotation. */
export interface DashboardQuery {
  dashboard: string;
  where: string;
  expr: string;
  instant: boolean;
}

const obj = (v: Json | undefined): JsonObject => (v && typeof v === 'object' && !Array.isArray(v) ? v : {});
const arr = (v: Json | undefined): Json[] => (Array.isArray(v) ? v : []);
const str = (v: Json | undefined): string => (typeof v === 'string' ? v : '');

export function panelsOf(d: JsonObject): JsonObject[] {
  return arr(d.panels).map(obj);
}

export function variablesOf(d: JsonObject): JsonObject[] {
  return arr(obj(d.templating).list).map(obj);
}

/** The query text of a Prometheus query variable (Grafana stores it as an object or a string). */
export function variableQuery(v: JsonObject): string {
  return typeof v.query === 'string' ? v.query : str(obj(v.query).query);
}

/** Panel targets and Prometheus annotations; variable queries are handled by `parseVariableQuery`. */
export function queriesOf(d: JsonObject): DashboardQuery[] {
  const title = str(d.title);
  const out: DashboardQuery[] = [];
  for (const p of panelsOf(d))
    for (const t of arr(p.targets).map(obj)) out.push({ dashboard: title, where: `panel "${str(p.title)}" ${str(t.refId)}`, expr: str(t.expr), instant: t.instant === true });
  for (const a of arr(obj(d.annotations).list).map(obj)) if (a.expr) out.push({ dashboard: title, where: `annotation "${str(a.name)}"`, expr: str(a.expr), instant: false });
  return out;
}

export type VariableQuery = { kind: 'label_values'; selector: string | null; label: string } | { kind: 'query_result'; expr: string };

/** Grafana's Prometheus variable query forms used here; anything else is an error naming the query. */
export function parseVariableQuery(q: string): VariableQuery {
  const lv = /^\s*label_values\(\s*(?:(.+?)\s*,\s*)?([a-zA-Z_][a-zA-Z0-9_]*)\s*\)\s*$/.exec(q);
  if (lv) return { kind: 'label_values', selector: lv[1] ?? null, label: lv[2] };
  const qr = /^\s*query_result\((.+)\)\s*$/.exec(q);
  if (qr) return { kind: 'query_result', expr: qr[1] };
  throw new Error(`not a Prometheus variable query Grafana understands: ${q}`);
}

/** Template variables an expression refers to: $name, ${name}, ${name:fmt}, [[name]] (Grafana built-ins excluded). */
export function referencedVariables(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(/\$\{([a-zA-Z_]\w*)(?::\w+)?\}|\$([a-zA-Z_]\w*)|\[\[([a-zA-Z_]\w*)\]\]/g)) {
    const n = m[1] ?? m[2] ?? m[3];
    if (!n.startsWith('__')) names.add(n);
  }
  return [...names];
}

/** Grafana's built-in intervals and the template variables, replaced the way Grafana does before it queries. */
export function substitute(expr: string, vars: Record<string, string>, intervals: { rate: string; interval: string; range: string }): string {
  let out = expr.replaceAll('$__rate_interval', intervals.rate).replaceAll('$__interval', intervals.interval).replaceAll('$__range', intervals.range);
  out = out.replace(/\$\{([a-zA-Z_]\w*)(?::\w+)?\}|\$([a-zA-Z_]\w*)|\[\[([a-zA-Z_]\w*)\]\]/g, (whole, a?: string, b?: string, c?: string) => {
    const n = (a ?? b ?? c)!;
    if (!(n in vars)) throw new Error(`expression uses $${n}, which no variable defines: ${expr}`);
    return vars[n];
  });
  return out;
}

const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'bool', 'offset', 'atan2', 'inf', 'nan']);

/**
 * Metric names an expression reads. Strings, label matchers, ranges and label lists are removed first;
 * what remains that is an identifier but neither a function call nor a keyword is a metric name.
 * `{__name__=~"a|b"}` contributes a and b.
 */
export function metricNames(expr: string): string[] {
  const names = new Set<string>();
  for (const m of expr.matchAll(/__name__\s*=~?\s*"([^"]*)"/g)) for (const n of m[1].split('|')) names.add(n);
  const stripped = expr
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/"(?:[^"\\]|\\.)*"/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\boffset\s+\S+/g, ' ');
  for (const m of stripped.matchAll(/(?<![\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/g)) {
    if (m[2]) continue;
    if (KEYWORDS.has(m[1].toLowerCase())) continue;
    names.add(m[1]);
  }
  // Number literals such as 1e6 are not identifiers (the lookbehind keeps "e6" out), nor is a bare "e".
  return [...names].filter((n) => !/^\d/.test(n));
}
