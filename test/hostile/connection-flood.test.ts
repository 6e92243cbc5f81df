import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExposition, select } from '../lab/exposition-text';
import { waitFor } from '../lab/sh';
import { startYunetProcess, type YunetProcess } from './yunet-process';

// Idle TCP connections piled up faster than anything closes them, from one client address and from several, and
// connections that never send a request.
// The client side binds loopback addresses of its own (127.0.0.x) to be several clients.
let y: YunetProcess;

beforeAll(async () => {
  y = await startYunetProcess({ http: { port: 0, host: '127.0.0.1', max_connections: 300, max_connections_per_address: 100, idle_connection_s: 8 } });
}, 60_000);
afterAll(async () => {
  await y?.stop();
});

const port = () => Number(new URL(y.url).port);

/** Opens `n` connections from `from`; resolves once each has connected (or failed). */
const open = (n: number, from: string) =>
  Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<net.Socket>((resolve) => {
          const s = net.connect({ port: port(), host: '127.0.0.1', localAddress: from });
          s.on('error', () => resolve(s));
          s.on('connect', () => resolve(s));
        }),
    ),
  );

/** How many of `sockets` the server closes within `ms`. */
const closedByServer = async (sockets: net.Socket[], ms = 2000) =>
  (
    await Promise.all(
      sockets.map(
        (s) =>
          new Promise<boolean>((resolve) => {
            if (s.destroyed) return resolve(true);
            const t = setTimeout(() => resolve(false), ms);
            s.once('close', () => (clearTimeout(t), resolve(true)));
          }),
      ),
    )
  ).filter(Boolean).length;

/** GET `path` from the client address `from`: its status, or 0 when the connection failed. */
const get = (path: string, from: string) =>
  new Promise<{ status: number; body: string }>((resolve) => {
    const req = http.get({ host: '127.0.0.1', port: port(), path, localAddress: from, agent: false }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', () => resolve({ status: 0, body: '' }));
  });

const metric = async (name: string, labels: Record<string, string> = {}) => Number(select(parseExposition((await get('/metrics', '127.0.0.9')).body), name, labels)[0]?.value);

/** Waits until yunet holds no connection but the scrape asking. */
const drained = () => waitFor('yunet to let go of the flood', async () => (await metric('yunet_http_connections')) === 1, 10_000);

describe('a connection flood', () => {
  it('closes connections from one address past its limit at once, and other addresses still get in', async () => {
    const flood = await open(150, '127.0.0.2');
    try {
      expect(await closedByServer(flood)).toBe(50);
      expect(await metric('yunet_http_connections')).toBe(101); // the flood's 100 and this scrape
      expect((await get('/healthz', '127.0.0.3')).status).toBe(200);
      // The address holding its 100 gets no 101st.
      expect((await get('/healthz', '127.0.0.2')).status).toBe(0);
      expect(await metric('yunet_http_connections_closed_total', { reason: 'per_address' })).toBe(51);
    } finally {
      for (const s of flood) s.destroy();
    }
    await drained();
    expect((await get('/healthz', '127.0.0.2')).status).toBe(200);
  }, 30_000);

  it('closes connections past the total limit, and answers again once the flood goes', async () => {
    const flood = (await Promise.all(['127.0.0.4', '127.0.0.5', '127.0.0.6', '127.0.0.7'].map((a) => open(100, a)))).flat();
    try {
      expect(await closedByServer(flood)).toBe(100);
      expect((await get('/healthz', '127.0.0.8')).status).toBe(0);
    } finally {
      for (const s of flood) s.destroy();
    }
    await drained();
    expect((await get('/healthz', '127.0.0.8')).status).toBe(200);
    expect(await metric('yunet_http_connections_closed_total', { reason: 'total' })).toBe(101);
    expect(y.proc.exitCode).toBeNull();
  }, 30_000);

  it('closes a connection that sends no request in time, and not one that sent one', async () => {
    const [silent] = await open(1, '127.0.0.10');
    const talked = await new Promise<net.Socket>((resolve) => {
      const s = net.connect({ port: port(), host: '127.0.0.1', localAddress: '127.0.0.11' }, () => {
        // A request whose body is still coming: the connection is in use, not idle.
        s.write('POST /api/towns HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{');
        resolve(s);
      });
    });
    try {
      const before = await metric('yunet_http_connections_closed_total', { reason: 'idle' });
      expect(await closedByServer([silent], 12_000)).toBe(1);
      expect(talked.destroyed).toBe(false);
      expect(await metric('yunet_http_connections_closed_total', { reason: 'idle' })).toBe(before + 1);
    } finally {
      silent.destroy();
      talked.destroy();
    }
  }, 30_000);
});
