/** Interfaces charted per direction: the busiest, so a 400-port switch still gives a readable chart. */
export const CHARTED_INTERFACES = 8;
const TIMEOUT_MS = 3000;
/** A Prometheus answer bigger than this is not read (an hour of a few interfaces is a few tens of KB). */
const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

export interface RateSeries {
  ifName: string;
  /** [unix seconds, bits per second] */
  points: [number, number][];
}

export interface InterfaceRates {
  start: number;
  end: number;
  in: RateSeries[];
  out: RateSeries[];
}

/** A PromQL label value: backslashes and quotes escaped (device names come from the inventory, but still). */
const quoted = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

async function queryRange(base: string, expr: string, start: number, end: number, step: number): Promise<{ metric: Record<string, string>; values: [number, string][] }[]> {
  const url = new URL('api/v1/query_range', base.endsWith('/') ? base : `${base}/`);
  url.search = new URLSearchParams({ query: expr, start: String(start), end: String(end), step: String(step) }).toString();
  const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  const text = await res.text();
  if (text.length > MAX_ANSWER_BYTES) throw new Error(`answer over ${MAX_ANSWER_BYTES} bytes`);
  const body = JSON.parse(text) as { status: string; error?: string; data?: { result: { metric: Record<string, string>; values: [number, string][] }[] } };
  if (body.status !== 'success') throw new Error(body.error ?? `HTTP ${res.status}`);
  return body.data?.result ?? [];
}

/**
 * The device's interface rates over the last hour from the Prometheus that scrapes yunet (8 × rate of the HC
 * octet counters), the busiest interfaces per direction. Throws with a short reason when Prometheus cannot answer.
 */
export async function interfaceRates(prometheusUrl: string, device: string, now = Date.now()): Promise<InterfaceRates> {
  const end = Math.floor(now / 1000);
  const start = end - 3600;
  const step = 30;
  const series = async (metric: string) => {
    const result = await queryRange(prometheusUrl, `8 * rate(${metric}{device=${quoted(device)}}[5m])`, start, end, step);
    return result
      .map((r) => ({ ifName: r.metric.ifName || r.metric.ifDescr || `ifIndex ${r.metric.ifIndex}`, points: r.values.map(([t, v]) => [t, Number(v)] as [number, number]) }))
      .sort((a, b) => Math.max(0, ...b.points.map((p) => p[1])) - Math.max(0, ...a.points.map((p) => p[1])))
      .slice(0, CHARTED_INTERFACES);
  };
  const [inRates, outRates] = await Promise.all([series('ifHCInOctets'), series('ifHCOutOctets')]);
  return { start, end, in: inRates, out: outRates };
}
