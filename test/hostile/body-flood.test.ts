import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkedFlood, declaredOnly } from './body-flood';
import { startYunetProcess, type YunetProcess } from './yunet-process';

const GB = 1024 ** 3;
const MB = 1024 ** 2;
const ADMIN = 'hostile-admin-token-0123456789';
let y: YunetProcess;

beforeAll(async () => {
  y = await startYunetProcess({ http: { port: 0, host: '127.0.0.1', max_upload_bytes: 32 * MB } }, { YUNET_ADMIN_TOKEN: ADMIN });
});
afterAll(async () => {
  expect(await y.stop()).toBe(0);
});

// Bound on the node's memory growth during a flood: the largest body it may hold (32 MB upload limit) twice
// over (a Request copy), plus slack for the scrapes running alongside.
const growthBound = 96 * MB;

describe('chunked multi-GB POSTs against the real process', () => {
  it('refuses the sign-in form after a few KB without a session, and keeps serving /metrics', async () => {
    const r = await chunkedFlood({ url: y.url, pid: y.pid, path: '/field/signin', totalBytes: 2 * GB, headers: { 'content-type': 'application/x-www-form-urlencoded', origin: y.url } });
    expect(r.status).toBe(413);
    expect(r.body).toContain('request body larger than 8 KB');
    // The server closes the connection: the client got nowhere near its 2 GB.
    expect(r.bytesSent).toBeLessThan(64 * MB);
    expect(r.peakAfter - r.peakBefore).toBeLessThan(growthBound);
    expect(r.scrapesFailed).toBe(0);
  });

  it('asks an anonymous import for credentials without reading its body', async () => {
    const r = await chunkedFlood({ url: y.url, pid: y.pid, path: '/api/import/stations', totalBytes: 2 * GB });
    expect(r.status).toBe(401);
    expect(r.bytesSent).toBeLessThan(64 * MB);
    expect(r.scrapesFailed).toBe(0);
  });

  it('cuts an authenticated import at the upload limit', async () => {
    const r = await chunkedFlood({ url: y.url, pid: y.pid, path: '/api/import/stations', totalBytes: 2 * GB, headers: { authorization: `Bearer ${ADMIN}` } });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body)).toEqual({ error: 'request body larger than 32 MB' });
    expect(r.bytesSent).toBeLessThan(128 * MB);
    expect(r.peakAfter - r.peakBefore).toBeLessThan(growthBound);
    expect(r.scrapesFailed).toBe(0);
  });

  it('reads at most the anonymous limit of an Alertmanager webhook without its secret', async () => {
    const r = await chunkedFlood({ url: y.url, pid: y.pid, path: '/api/alerts/webhook', totalBytes: 2 * GB, headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(401);
    expect(r.bytesSent).toBeLessThan(64 * MB);
  });

  it('counts every refusal', async () => {
    const text = await (await fetch(`${y.url}/metrics`)).text();
    expect(text).toMatch(/^yunet_http_requests_rejected_total\{reason="body_too_large"\} 2$/m); // sign-in and the authenticated import
  });
});

describe('declared lengths', () => {
  it('an authenticated JSON body over the anonymous limit is read in full; one over its own limit is refused unread', async () => {
    const body = JSON.stringify({ date: '2026-02-01', town: 'no-such-town', villages: Array.from({ length: 300 }, (_, i) => `村${i}`.padEnd(60, '村')), notes: 'x' });
    const ok = await fetch(`${y.url}/api/inspections`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body });
    // Past the body limit: the town is checked (and unknown here).
    expect(ok.status).toBe(404);
    // 2 MB declared, only the first KB sent: the answer comes without waiting for the rest.
    const big = await declaredOnly(`${y.url}/api/inspections`, 2 * MB, { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' });
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body)).toEqual({ error: 'request body larger than 1 MB' });
  });
});
