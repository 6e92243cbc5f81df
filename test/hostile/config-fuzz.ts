import { stringify } from 'yaml';
import { ConfigError, parseConfig } from '../../src/config/load';
import { prng } from './mutate';

/** A valid configuration using every section: the seed every mutation starts from. */
export const validConfig = {
  http: { port: 9470, host: '127.0.0.1', max_body_bytes: 1048576 },
  database: { path: './data/yunet.db' },
  polling: { schedule: '*/1 * * * *', concurrency: 64, timeout_ms: 2000, retries: 1, max_repetitions: 25, every_cycles: { ip: 10 } },
  credentials: {
    'public-v2': { version: '2c', community: 'public' },
    'ops-v3': { version: 3, username: 'opsv3', auth: { protocol: 'sha256', key: 'authpass123' }, priv: { protocol: 'aes', key: 'privpass123' } },
  },
  units: [{ name: '区政务服务数据管理局', town: '市桥街', ipv4: ['198.18.0.0/16'], ipv6: ['2001:db8::/32'] }],
  devices: [
    { name: 'r1-core', address: '198.18.1.2', credential: 'public-v2', unit: '区政务服务数据管理局', role: 'core' },
    { name: 'r1-v6', address: '2001:db8:1::2', port: 161, credential: 'ops-v3', vendor: 'auto', srv6: { capable: true, enabled: false } },
  ],
  traps: { enabled: true, port: 1162, retention_days: 365, max_events: 1000000 },
  drills: { webhook_secret: 'a-long-enough-secret' },
};

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const oddValues: Json[] = [null, true, false, 0, -1, 1e308, -1e308, 2 ** 53 + 1, 0.5, '', ' ', 'x'.repeat(10_000), '区政务', '\u0000', '${env}', '../../etc/passwd', [], {}, [[[[[]]]]], { a: { b: { c: {} } } }, '*/0 * * * *', '198.18.0.0/33', '2001:db8::/129', 'NaN'];

function typo(key: string, rand: () => number): string {
  if (!key.length) return 'x';
  const i = Math.floor(rand() * key.length);
  switch (Math.floor(rand() * 4)) {
    case 0:
      return key.slice(0, i) + key.slice(i + 1); // dropped letter
    case 1:
      return key.slice(0, i) + key[i] + key.slice(i); // doubled letter
    case 2:
      return key.slice(0, i) + String.fromCharCode(97 + Math.floor(rand() * 26)) + key.slice(i + 1);
    default:
      return key.toUpperCase();
  }
}

/** Every object/array node of the tree with a way to change it. */
function nodes(v: Json, out: { [k: string]: Json }[] | Json[][] = []): ({ [k: string]: Json } | Json[])[] {
  const acc = out as ({ [k: string]: Json } | Json[])[];
  if (Array.isArray(v)) {
    acc.push(v);
    for (const x of v) nodes(x, acc as never);
  } else if (v && typeof v === 'object') {
    acc.push(v);
    for (const x of Object.values(v)) nodes(x, acc as never);
  }
  return acc;
}

/** One mutated configuration text: 1–4 structural edits of the valid config, sometimes a textual one. */
export function mutatedConfig(rand: () => number): string {
  const cfg = structuredClone(validConfig) as unknown as Json;
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  for (let n = 1 + Math.floor(rand() * 4); n > 0; n--) {
    const node = pick(nodes(cfg));
    if (Array.isArray(node)) {
      if (!node.length || rand() < 0.3) node.push(structuredClone(pick(oddValues)));
      else node[Math.floor(rand() * node.length)] = structuredClone(pick(oddValues));
      continue;
    }
    const keys = Object.keys(node);
    const key = keys.length ? pick(keys) : 'x';
    switch (Math.floor(rand() * 5)) {
      case 0:
        delete node[key];
        break;
      case 1:
        node[typo(key, rand)] = node[key];
        delete node[key];
        break;
      case 2:
        node[key] = structuredClone(pick(oddValues));
        break;
      case 3:
        node[pick(['x', 'extra', '名称', '__proto__', 'constructor'])] = structuredClone(pick(oddValues));
        break;
      default: {
        let deep: Json = {};
        for (let d = 0; d < 40; d++) deep = { n: deep };
        node[key] = deep;
      }
    }
  }
  let text = stringify(cfg);
  const r = rand();
  if (r < 0.05) text = text.slice(0, Math.floor(rand() * text.length)); // cut short
  else if (r < 0.08) text = `a: &a ["x","x","x","x","x","x","x","x","x"]\n${Array.from({ length: 12 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`).join('\n')}\n${text}`; // billion laughs
  else if (r < 0.1) text = text.replace(/:/, '::').replace(/\n {2}/, '\n\t');
  else if (r < 0.12) text += `\n${text}`; // duplicate top-level keys
  return text;
}

export interface ConfigFuzzResult {
  cases: number;
  loaded: number;
  refused: number;
  /** Problems whose line names no path (or line): must be none. */
  unnamed: string[];
  /** Anything other than a ConfigError thrown: must be none. */
  crashes: string[];
}

/** A problem line names where: a path (`polling.concurrency`, `devices[3].name`, `(root)`) or a YAML line. */
const NAMED = /^(\(root\)|[^\s:[\]]+(\[\d+\])*(\.[^\s:[\]]+(\[\d+\])*)*|YAML syntax error( \(line \d+\))?): \S/u;

export function configFuzz(cases: number, seed: number): ConfigFuzzResult {
  const rand = prng(seed);
  const out: ConfigFuzzResult = { cases, loaded: 0, refused: 0, unnamed: [], crashes: [] };
  for (let i = 0; i < cases; i++) {
    const text = mutatedConfig(rand);
    try {
      parseConfig(text, 'fuzz.yml');
      out.loaded++;
    } catch (e) {
      if (!(e instanceof ConfigError)) {
        if (out.crashes.length < 10) out.crashes.push(`case ${i}: ${(e as Error).stack?.split('\n').slice(0, 3).join(' | ')}`);
        continue;
      }
      out.refused++;
      for (const p of e.problems) if (!NAMED.test(p) && out.unnamed.length < 10) out.unnamed.push(`case ${i}: ${p}`);
    }
  }
  return out;
}
