import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { foregroundDaemon, freeTcpPort, sleep } from '../lab';

/** One result of /api/v1/query or /api/v1/query_range. */
export interface PromSeries {
  metric: Record<string, string>;
  value?: [number, string];
  values?: [number, string][];
}

export interface Prometheus {
  url: string;
  query(expr: string): Promise<PromSeries[]>;
  queryRange(expr: string, startSeconds: number, endSeconds: number, stepSeconds: number): Promise<PromSeries[]>;
  /** GET an API path, e.g. /api/v1/label/__name__/values; returns `data`. */
  get<T>(path: string, params?: Record<string, string | string[]>): Promise<T>;
  output(): string;
  stop(): Promise<void>;
}

/** Debian's prometheus on a free loopback port with a temp TSDB and the given scrape configs and rule files. */
export async function startPrometheus(opts: { scrapeConfigs: object[]; ruleFiles?: string[]; evaluationInterval?: string }): Promise<Prometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'yn-dash-prom-'));
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    stringify({
      global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: opts.evaluationInterval ?? '1s' },
      rule_files: opts.ruleFiles ?? [],
      scrape_configs: opts.scrapeConfigs,
    }),
  );
  const port = await freeTcpPort();
  const url = `http://127.0.0.1:${port}`;
  const daemon = foregroundDaemon('prometheus', 'prometheus', [
    `--config.file=${config}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ]);
  const stop = async () => {
    await daemon.stop();
    rmSync(dir, { recursive: true, force: true });
  };

  const get = async <T>(path: string, params: Record<string, string | string[]> = {}): Promise<T> => {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) for (const x of Array.isArray(v) ? v : [v]) qs.append(k, x);
    const res = await fetch(`${url}${path}?${qs}`);
    const body = (await res.json()) as { status: string; data: T; error?: string; errorType?: string };
    if (body.status !== 'success') throw new Error(`${path} ${JSON.stringify(params)}: ${body.errorType}: ${body.error}`);
    return body.data;
  };
  const until = Date.now() + 20_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > until || daemon.child.exitCode !== null) {
      const out = daemon.output();
      await stop();
      throw new Error(`prometheus did not become ready:\n${out}`);
    }
    await sleep(100);
  }
  return {
    url,
    get,
    query: async (expr) => (await get<{ result: PromSeries[] }>('/api/v1/query', { query: expr })).result,
    queryRange: async (expr, start, end, step) =>
      (await get<{ result: PromSeries[] }>('/api/v1/query_range', { query: expr, start: String(start), end: String(end), step: String(step) })).result,
    output: daemon.output,
    stop,
  };
}
