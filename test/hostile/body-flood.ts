import http from 'node:http';
import net from 'node:net';
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

  const { bytesSent, status, body } = await flood(opts);
  flooding = false;
  await scraper;
  return { bytesSent, status, body, scrapesOk, scrapesFailed, peakBefore, peakAfter: memoryOf(opts.pid).peak };
}

/**
 * The flood itself on a raw socket: the server answers and closes while the client is still writing, and Node's HTTP
 * client drops an answer that arrives with the failed write (EPIPE, ECONNRESET). Here a failed write only stops the
 * writing; the answer already received is still read, as a browser or curl reads it.
 */
function flood(opts: { url: string; path: string; totalBytes: number; headers?: Record<string, string> }): Promise<{ bytesSent: number; status: number | null; body: string }> {
  const u = new URL(opts.url);
  const chunk = Buffer.alloc(64 * 1024, 'A');
  const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
  return new Promise((resolve) => {
    let bytesSent = 0;
    let received = Buffer.alloc(0);
    let done = false;
    const sock = net.connect(Number(u.port), u.hostname);
    const finish = () => {
      if (done) return;
      done = true;
      sock.destroy();
      resolve({ bytesSent, ...parseResponse(received) });
    };
    sock.on('data', (d: Buffer) => {
      received = Buffer.concat([received, d]);
      if (parseResponse(received).complete) finish();
    });
    sock.on('error', () => {}); // the write failed: the server closed; 'close' follows with what was read
    sock.on('close', finish);
    const headers = { host: u.host, 'transfer-encoding': 'chunked', 'content-type': 'application/octet-stream', ...opts.headers };
    sock.write(`POST ${opts.path} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`);
    const pump = () => {
      while (!done && !sock.destroyed && bytesSent < opts.totalBytes) {
        bytesSent += chunk.length;
        if (!sock.write(frame)) return void sock.once('drain', pump);
      }
      if (!done && !sock.destroyed) sock.write('0\r\n\r\n');
    };
    pump();
  });
}

/** Status and body of an HTTP/1.1 answer as far as received (Content-Length or chunked); complete once all is in. */
function parseResponse(raw: Buffer): { status: number | null; body: string; complete: boolean } {
  const head = raw.indexOf('\r\n\r\n');
  if (head < 0) return { status: null, body: '', complete: false };
  const lines = raw.subarray(0, head).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0])?.[1] ?? NaN) || null;
  const header = (name: string) => lines.find((l) => l.toLowerCase().startsWith(`${name}:`))?.slice(name.length + 1).trim();
  let rest = raw.subarray(head + 4);
  if (header('transfer-encoding')?.toLowerCase() === 'chunked') {
    const parts: Buffer[] = [];
    for (;;) {
      const eol = rest.indexOf('\r\n');
      if (eol < 0) return { status, body: Buffer.concat(parts).toString('utf8'), complete: false };
      const size = parseInt(rest.subarray(0, eol).toString('latin1'), 16);
      if (size === 0) return { status, body: Buffer.concat(parts).toString('utf8'), complete: true };
      parts.push(rest.subarray(eol + 2, eol + 2 + size));
      rest = rest.subarray(eol + 2 + size + 2);
    }
  }
  const length = Number(header('content-length') ?? NaN);
  return { status, body: rest.toString('utf8'), complete: Number.isFinite(length) && rest.length >= length };
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
