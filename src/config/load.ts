import fs from 'node:fs';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { configSchema, type Config } from './schema';

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
export type IssueCarrier = { issues: readonly { path: readonly PropertyKey[]; message: string }[] };

export function formatIssues(error: IssueCarrier): string[] {
  return error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
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
  if (!result.success) throw new ConfigError(source, formatIssues(result.error));
  return result.data;
}

export interface ConfigChoice {
  /** null when no configuration was found: demo mode. */
  file: string | null;
  config: Config;
}

/** --config FILE, else $YUNET_CONFIG, else ./yunet.yml if present; env YUNET_PORT / YUNET_DB override. */
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
  return { file, config };
}
