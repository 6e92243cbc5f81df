/** A parsed sample of the Prometheus text format; the value stays text so 64-bit counters stay exact. */
export interface TextSample {
  name: string;
  labels: Record<string, string>;
  value: string;
}

export interface ParsedExposition {
  samples: TextSample[];
  help: Map<string, string>;
  type: Map<string, string>;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: \d+)?$/s; // s: label values may hold a raw \r
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function unescape(v: string): string {
  return v.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

/** Parses exposition text (as a scraper reads it) so tests can compare label sets and exact values. */
export function parseExposition(text: string): ParsedExposition {
  const samples: TextSample[] = [];
  const help = new Map<string, string>();
  const type = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (!line) continue;
    if (line.startsWith('# HELP ')) {
      const [name, ...rest] = line.slice(7).split(' ');
      help.set(name, rest.join(' '));
      continue;
    }
    if (line.startsWith('# TYPE ')) {
      const [name, t] = line.slice(7).split(' ');
      type.set(name, t);
      continue;
    }
    if (line.startsWith('#')) continue;
    const m = LINE.exec(line);
    if (!m) throw new Error(`unparsable exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(LABEL)) labels[l[1]] = unescape(l[2]);
    samples.push({ name: m[1], labels, value: m[3] });
  }
  return { samples, help, type };
}

/** Samples of one family whose labels include all of `match`. */
export function select(p: ParsedExposition, name: string, match: Record<string, string> = {}): TextSample[] {
  return p.samples.filter((s) => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v));
}

/** The single sample of a family matching `match`; throws when there is none or several. */
export function one(p: ParsedExposition, name: string, match: Record<string, string> = {}): TextSample {
  const found = select(p, name, match);
  if (found.length !== 1) throw new Error(`expected one ${name}${JSON.stringify(match)}, found ${found.length}`);
  return found[0];
}
