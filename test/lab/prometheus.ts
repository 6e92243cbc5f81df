import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { foregroundDaemon, type Daemon } from './daemon';
import { freeTcpPort } from './ports';
import { waitFor } from './sh';

export interface PromSeries {
  metric: Record<string, string>;
  /** [unix seconds, value as Prometheus formats the float64] */
  value: [number, string];
}

export interface Prometheus extends Daemon {
  port: number;
  /** Instant query through the HTTP API; throws on an API error. */
  query(expr: string): Promise<PromSeries[]>;
  /** Scrape health of each target ("up"/"down"/"unknown") and the last scrape error, for failure messages. */
  targets(): Promise<{ scrapeUrl: string; health: string; lastError: string }[]>;
}

/**
 * Starts Debian's prometheus on 127.0.0.1 with a temporary config and storage, scraping each target
 * (host:port, metrics path) every `scrapeIntervalSeconds` (rules, if any, are evaluated as often); waits until
 * /-/ready answers.
 */
export async function startPrometheus(opts: { targets: { job: string; target: string; path?: string }[]; scrapeIntervalSeconds?: number; ruleFiles?: string[] }): Promise<Prometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'yunet-prometheus-'));
  const port = await freeTcpPort();
  const interval = `${opts.scrapeIntervalSeconds ?? 2}s`;
  const config = {
    global: { scrape_interval: interval, scrape_timeout: interval, evaluation_interval: opts.ruleFiles ? interval : '15s' },
    ...(opts.ruleFiles && { rule_files: opts.ruleFiles }),
    scrape_configs: opts.targets.map((t) => ({ job_name: t.job, metrics_path: t.path ?? '/metrics', static_configs: [{ targets: [t.target] }] })),
  };
  writeFileSync(join(dir, 'prometheus.yml'), stringify(config));
  const d = foregroundDaemon('prometheus', 'prometheus', [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ], { logFile: join(dir, 'prometheus.log') });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor('prometheus to be ready', async () => {
      if (d.child.exitCode !== null) throw new Error(`prometheus exited: ${d.output().slice(-2000)}`);
      const res = await fetch(`${base}/-/ready`).catch(() => null);
      return res?.status === 200;
    }, 30_000, 200);
  } catch (e) {
    await d.stop();
    throw e;
  }
  return {
    ...d,
    port,
    query: async (expr) => {
      const res = await fetch(`${base}/api/v1/query?query=${encodeURIComponent(expr)}`);
      const body = (await res.json()) as { status: string; error?: string; data?: { resultType: string; result: PromSeries[] } };
      if (body.status !== 'success' || !body.data) throw new Error(`query ${expr} failed: ${body.error ?? res.status}`);
      return body.data.result;
    },
    targets: async () => {
      const res = await fetch(`${base}/api/v1/targets`);
      const body = (await res.json()) as { data: { activeTargets: { scrapeUrl: string; health: string; lastError: string }[] } };
      return body.data.activeTargets.map(({ scrapeUrl, health, lastError }) => ({ scrapeUrl, health, lastError }));
    },
    stop: async () => {
      await d.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
