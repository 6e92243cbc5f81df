import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORWARDED_PAGE_MAX_BYTES, fromOwner } from '../../src/cluster/forward';
import type { AppContext } from '../../src/context';

/**
 * A device page asked of the node that polls the device: the answer is bounded. The "owner" here is a plain HTTP
 * server answering pages of chosen sizes, streamed without a length or with a declared one.
 */
describe('device page from its owner', () => {
  let owner: http.Server;
  let url = '';
  const cookies: (string | undefined)[] = [];
  const warnings: Record<string, unknown>[] = [];
  const registry = new Registry();

  beforeAll(async () => {
    owner = http.createServer((req, res) => {
      cookies.push(req.headers.cookie);
      const bytes = Number(new URL(req.url!, 'http://x').searchParams.get('bytes'));
      if (req.url!.startsWith('/devices/declared')) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': String(bytes) });
        res.end(Buffer.alloc(bytes, 'x'));
        return;
      }
      // Streamed in 64 KB chunks with no length: only counting while reading finds the size.
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      const chunk = Buffer.alloc(64 * 1024, 'y');
      let left = bytes;
      const more = () => {
        while (left > 0) {
          const part = chunk.subarray(0, Math.min(left, chunk.length));
          left -= part.length;
          if (!res.write(part)) return void res.once('drain', more);
        }
        res.end();
      };
      more();
    });
    await new Promise<void>((r) => owner.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(owner.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => owner.close(() => r())));

  const ctx = {
    registry,
    membership: { name: 'a', ownerOf: () => 'b', node: () => ({ name: 'b', url, alive: true }) },
    log: { warn: (_: string, f: Record<string, unknown>) => warnings.push(f) },
  } as unknown as AppContext;
  const app = new Hono().get('/devices/:name', async (c) => (await fromOwner(ctx, c, { name: c.req.param('name'), pollerGroup: '' })) ?? c.text('shown from this node'));
  const outcome = async (o: string) => (await registry.getSingleMetric('yunet_cluster_forwarded_pages_total')!.get()).values.find((v) => v.labels.outcome === o)?.value ?? 0;

  it('passes on a page within the limit, for the same caller', async () => {
    const res = await app.request(`/devices/r1?bytes=${1024 * 1024}`, { headers: { cookie: 'yunet_session=s1' } });
    expect(res.headers.get('x-yunet-node')).toBe('b');
    expect((await res.arrayBuffer()).byteLength).toBe(1024 * 1024);
    expect(cookies.at(-1)).toBe('yunet_session=s1');
    expect(await outcome('answered')).toBe(1);
  });

  it('gives up a streamed page past 8 MB and shows this node’s own', async () => {
    const res = await app.request(`/devices/r1?bytes=${FORWARDED_PAGE_MAX_BYTES + 1}`);
    expect(await res.text()).toBe('shown from this node');
    expect(await outcome('too_large')).toBe(1);
    expect(warnings.at(-1)).toMatchObject({ device: 'r1', node: 'b', error: 'the page is larger than 8 MB' });
  });

  it('refuses a page whose declared length is past 8 MB without reading it', async () => {
    const res = await app.request(`/devices/declared?bytes=${64 * 1024 * 1024}`);
    expect(await res.text()).toBe('shown from this node');
    expect(await outcome('too_large')).toBe(2);
  });

  it('shows this node’s own page when the owner does not answer', async () => {
    const gone = { ...ctx, membership: { ...ctx.membership, node: () => ({ name: 'b', url: 'http://127.0.0.1:1', alive: true }) } } as unknown as AppContext;
    const app2 = new Hono().get('/devices/:name', async (c) => (await fromOwner(gone, c, { name: 'r1', pollerGroup: '' })) ?? c.text('shown from this node'));
    expect(await (await app2.request('/devices/r1')).text()).toBe('shown from this node');
    expect(await outcome('unanswered')).toBe(1);
  });
});
