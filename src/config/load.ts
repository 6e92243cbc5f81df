import fs from 'node:fs';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { closest, distance } from 'fastest-levenshtein';
import { configSchema, POSTGRES_URL, type Config } from './schema';

export class ConfigError extends Error {
  constructor(readonly source: string, readonly problems: string[]) {
    super(`${source}: invalid configuration\n  ${problems.join('\n  ')}`);
  }
}

/** Formats a zod issue path the way users write it: devices[3].credential */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || '(root)';
}

/** Anything carrying zod issues (classic ZodError or the core $ZodError validators hand out). */
export type IssueCarrier = { issues: readonly Issue[] };
type Issue = { path: readonly PropertyKey[]; message: string; code?: string; keys?: readonly string[]; errors?: readonly (readonly Issue[])[] };

/**
 * One line per problem, each naming its path. Unknown keys get a suggestion from the keys `schema`
 * allows there; of a union's alternatives, the one that came closest is reported.
 */
export function formatIssues(error: IssueCarrier, schema?: z.ZodType): string[] {
  return error.issues.flatMap((i) => formatIssue(i, [], schema));
}

function formatIssue(i: Issue, prefix: readonly PropertyKey[], schema?: z.ZodType): string[] {
  const path = [...prefix, ...i.path];
  if (i.code === 'unrecognized_keys' && i.keys)
    return i.keys.map((k) => {
      const near = schema ? suggestion(k, keysAt(schema, path)) : null;
      return `${formatPath([...path, k])}: unknown key${near ? `; did you mean "${near}"?` : ''}`;
    });
  if (i.code === 'invalid_union' && i.errors?.length) {
    // The alternative with the fewest problems is the one the author meant.
    const best = [...i.errors].sort((a, b) => a.length - b.length)[0];
    return best.flatMap((sub) => formatIssue(sub, path, schema));
  }
  return [`${formatPath(path)}: ${/received undefined$/.test(i.message) ? 'required' : i.message}`];
}

/** The closest known key, if it is close enough to be a typo. */
function suggestion(key: string, known: string[]): string | null {
  if (!known.length) return null;
  const near = closest(key, known);
  return distance(key, near) <= Math.max(2, Math.floor(key.length / 3)) ? near : null;
}

/** The object keys `schema` accepts at `path` (every alternative's, for unions). */
function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  const inner = (key: string) => keysAt(def[key] as z.ZodType, path);
  switch (def.type) {
    case 'default':
    case 'prefault':
    case 'optional':
    case 'nullable':
    case 'readonly':
    case 'catch':
      return inner('innerType');
    case 'pipe':
      return inner('in');
    case 'union':
      return [...new Set((def.options as z.ZodType[]).flatMap((o) => keysAt(o, path)))];
  }
  if (!path.length) return def.type === 'object' ? Object.keys(def.shape as object) : [];
  const [head, ...rest] = path;
  if (def.type === 'object') {
    const child = (def.shape as Record<string, z.ZodType>)[String(head)];
    return child ? keysAt(child, rest) : [];
  }
  if (def.type === 'array') return keysAt(def.element as z.ZodType, rest);
  if (def.type === 'record') return keysAt(def.valueType as z.ZodType, rest);
  return [];
}

export function parseConfig(text: string, source: string): Config {
  let raw: unknown;
  try {
    raw = parseYaml(text) ?? {};
  } catch (e) {
    const line = e instanceof YAMLParseError && e.linePos ? ` (line ${e.linePos[0].line})` : '';
    throw new ConfigError(source, [`YAML syntax error${line}: ${(e as Error).message.split('\n')[0]}`]);
  }
  const result = configSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(source, formatIssues(result.error, configSchema));
  return result.data;
}

export interface ConfigChoice {
  /** null when no configuration was found: demo mode. */
  file: string | null;
  config: Config;
}

/** --config FILE, else $YUNET_CONFIG, else ./yunet.yml if present; env YUNET_PORT / YUNET_DB / YUNET_DATABASE_URL override. */
export function loadConfig(opts: { file?: string; env?: NodeJS.ProcessEnv; cwd?: string }): ConfigChoice {
  const env = opts.env ?? process.env;
  const candidates = [opts.file, env.YUNET_CONFIG].filter((f): f is string => !!f);
  let file: string | null = candidates[0] ?? null;
  if (!file && fs.existsSync(`${opts.cwd ?? '.'}/yunet.yml`)) file = `${opts.cwd ?? '.'}/yunet.yml`;
  let config: Config;
  if (file) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw new ConfigError(file, [`cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`]);
    }
    config = parseConfig(text, file);
  } else {
    config = configSchema.parse({});
  }
  if (env.YUNET_PORT) {
    const port = Number(env.YUNET_PORT);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError('YUNET_PORT', [`not a port: "${env.YUNET_PORT}"`]);
    config.http.port = port;
  }
  if (env.YUNET_DB) config.database.path = env.YUNET_DB;
  if (env.YUNET_DATABASE_URL) {
    // Not echoed: the URL may carry the password. Unchecked, anything else would be taken for a SQLite file name.
    if (!POSTGRES_URL.test(env.YUNET_DATABASE_URL)) throw new ConfigError('YUNET_DATABASE_URL', ['must be a postgres:// URL']);
    config.database.url = env.YUNET_DATABASE_URL;
  }
  return { file, config };
}
