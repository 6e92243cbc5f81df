import http from 'node:http';
import { memoryOf } from './yunet-process';

export interface FloodResult {
  /** Bytes the client managed to write before the server answered or closed the connection. */
  bytesSent: number;
  status: number | null;
  body: string;
  /** /metrics scrapes during the flood: answered with 200, and failed or slower than 5 s. */
  scrapesOk: number;
  scrapesFailed: number;
  /** Peak resident memory of the yunet process (VmHWM) before and after the flood. */
  peakBefore: number;
  peakAfter: number;
}

/**
 * POSTs an endless chunked body (up to `totalBytes`, generated on the fly) to `path`, while scraping
 * /metrics every 100 ms: what a hostile client does to take the node down without credentials.
 */
export async function chunkedFlood(opts: { url: string; pid: number; path: string; totalBytes: number; headers?: Record<string, string> }): Promise<FloodResult> {
  const peakBefore = memoryOf(opts.pid).peak;
  let scrapesOk = 0;
  let scrapesFailed = 0;
  let flooding = true;
  const scraper = (async () => {
    while (flooding) {
      try {
        const res = await fetch(`${opts.url}/metrics`, { signal: AbortSignal.timeout(5000) });
        await res.text();
        if (res.status === 200) scrapesOk++;
        else scrapesFailed++;
      } catch {
        scrapesFailed++;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();

  const chunk = Buffer.alloc(64 * 1024, 'A');
  const { bytesSent, status, body } = await new Promise<{ bytesSent: number; status: number | null; body: string }>((resolve) => {
    let bytesSent = 0;
    let status: number | null = null;
    let body = '';
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      resolve({ bytesSent, status, body });
    };
    const req = http.request(`${opts.url}${opts.path}`, { method: 'POST', headers: { 'transfer-encoding': 'chunked', 'content-type': 'application/octet-stream', ...opts.headers } });
    req.on('response', (res) => {
      status = res.statusCode ?? null;
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => {
        req.destroy();
        finish();
      });
      res.on('error', finish);
    });
    req.on('error', finish);
    req.on('close', finish);
    const pump = () => {
      while (!done && bytesSent < opts.totalBytes) {
        bytesSent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!done && bytesSent >= opts.totalBytes) req.end();
    };
    pump();
  });
  flooding = false;
  await scraper;
  return { bytesSent, status, body, scrapesOk, scrapesFailed, peakBefore, peakAfter: memoryOf(opts.pid).peak };
}

/**
 * Declares `declared` bytes of body but sends only the first KB, then waits for the answer: a server
 * that refuses by the declared length answers at once. (Sending the whole body would race the server's
 * close: the client's write fails with EPIPE before it reads the answer.)
 */
export function declaredOnly(url: string, declared: number, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { ...headers, 'content-length': String(declared) } });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode!, body });
      });
    });
    req.on('error', reject);
    req.write(Buffer.alloc(1024, 'x'));
  });
}
