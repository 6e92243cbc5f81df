import type { Context } from 'hono';
import { Counter, type Registry } from 'prom-client';
import type { AppContext } from '../context';

/** Marks a request one node forwarded to another: it is answered there, never forwarded again. */
const FORWARDED = 'x-yunet-forwarded-by';
/** Headers that carry who asks and in which language; nothing else is passed on. */
const PASSED = ['cookie', 'authorization', 'accept-language'];
const TIMEOUT_MS = 5000;
/** Largest page taken from an owner (a device with a thousand interfaces renders about 1 MB). */
export const FORWARDED_PAGE_MAX_BYTES = 8 * 1024 * 1024;

const OUTCOMES = ['answered', 'unanswered', 'too_large'] as const;
const counters = new WeakMap<Registry, Counter>();

/** The counter of device pages asked of their owner, by outcome (registered once per registry). */
export function forwardedPages(registry: Registry): Counter {
  let c = counters.get(registry);
  if (!c) {
    c = new Counter({
      name: 'yunet_cluster_forwarded_pages_total',
      help: 'Device pages asked of the node polling the device: answered, unanswered (no answer within 5 s) or too_large (over 8 MB); the last two are shown from this node.',
      labelNames: ['outcome'],
      registers: [registry],
    });
    for (const o of OUTCOMES) c.inc({ outcome: o }, 0);
    counters.set(registry, c);
  }
  return c;
}

class PageTooLarge extends Error {}

/** The body, read as it streams and given up past `max` bytes. */
async function bodyUpTo(res: Response, max: number): Promise<Uint8Array> {
  if (Number(res.headers.get('content-length') ?? 0) > max) throw new PageTooLarge();
  const parts: Uint8Array[] = [];
  let size = 0;
  const reader = res.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(parts);
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new PageTooLarge();
    }
    parts.push(value);
  }
}

/**
 * A page about one device shows what its poller knows (interfaces, rates, CPU): asked of the node that owns the
 * device, on behalf of the same caller (its session cookie or token; the nodes share the sessions). null when this
 * node owns it, the request was already forwarded, or the owner does not answer in time or answers more than
 * FORWARDED_PAGE_MAX_BYTES — then this node answers with what it has.
 */
export async function fromOwner(ctx: AppContext, c: Context, device: { name: string; pollerGroup: string }): Promise<Response | null> {
  if (c.req.header(FORWARDED)) return null;
  const owner = ctx.membership.ownerOf(device.name, device.pollerGroup);
  if (!owner || owner === ctx.membership.name) return null;
  const node = ctx.membership.node(owner);
  if (!node?.alive || !node.url) return null;
  const url = new URL(c.req.url);
  const headers: Record<string, string> = { [FORWARDED]: ctx.membership.name };
  for (const h of PASSED) {
    const v = c.req.header(h);
    if (v) headers[h] = v;
  }
  try {
    const signal = AbortSignal.timeout(TIMEOUT_MS);
    const res = await fetch(`${node.url.replace(/\/$/, '')}${url.pathname}${url.search}`, { headers, redirect: 'manual', signal });
    const body = await bodyUpTo(res, FORWARDED_PAGE_MAX_BYTES);
    forwardedPages(ctx.registry).inc({ outcome: 'answered' });
    return new Response(body, { status: res.status, headers: { 'content-type': res.headers.get('content-type') ?? 'text/html; charset=utf-8', 'x-yunet-node': owner } });
  } catch (e) {
    const tooLarge = e instanceof PageTooLarge;
    forwardedPages(ctx.registry).inc({ outcome: tooLarge ? 'too_large' : 'unanswered' });
    const error = tooLarge ? `the page is larger than ${FORWARDED_PAGE_MAX_BYTES / 1024 / 1024} MB` : (e as Error).message;
    ctx.log.warn('device page not answered by its owner; shown from this node', { device: device.name, node: owner, error });
    return null;
  }
}
