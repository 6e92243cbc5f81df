import { startYunetProcess, type YunetProcess } from '../hostile/yunet-process';
import { parseExposition, select } from '../lab/exposition-text';
import { startSnmpd, type Snmpd } from '../support/snmpd';

/** A yunet process polling one device (a local snmpd) every second, with an admin token: for outage tests. */
export interface PolledNode {
  y: YunetProcess;
  /** An API request as the admin. */
  api(method: string, url: string, body?: unknown): Promise<Response>;
  /** A whole /metrics scrape. */
  scrape(): Promise<{ status: number; text: string }>;
  /** The value of the one series of `name` with `labels` in a scrape; NaN when absent. */
  value(text: string, name: string, labels?: Record<string, string>): number;
  /** The device's last poll time from a fresh scrape. */
  lastPoll(): Promise<number>;
  stop(): Promise<void>;
}

export async function startPolledNode(database: Record<string, unknown>, adminToken: string): Promise<PolledNode> {
  const snmpd: Snmpd = await startSnmpd(['rocommunity public 127.0.0.1']);
  let y: YunetProcess;
  try {
    y = await startYunetProcess(
      {
        database,
        polling: { schedule: '* * * * * *', timeout_ms: 500, retries: 0 },
        credentials: { c: { version: '2c', community: 'public' } },
        devices: [{ name: 'r1', address: '127.0.0.1', port: snmpd.port, credential: 'c' }],
      },
      { YUNET_ADMIN_TOKEN: adminToken },
    );
  } catch (e) {
    snmpd.stop();
    throw e;
  }
  const scrape = async () => {
    const res = await fetch(`${y.url}/metrics`);
    return { status: res.status, text: await res.text() };
  };
  const value = (text: string, name: string, labels: Record<string, string> = {}) => Number(select(parseExposition(text), name, labels)[0]?.value);
  return {
    y,
    api: (method, url, body) =>
      fetch(`${y.url}${url}`, { method, headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined }),
    scrape,
    value,
    lastPoll: async () => value((await scrape()).text, 'yunet_device_last_poll_timestamp_seconds', { device: 'r1' }),
    stop: async () => {
      await y.stop();
      snmpd.stop();
    },
  };
}

/** Waits until `ok` holds, checking every 250 ms. */
export async function until(what: string, ok: () => Promise<boolean>, ms = 30_000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 250))) if (await ok()) return;
  throw new Error(`timed out waiting for ${what}`);
}
