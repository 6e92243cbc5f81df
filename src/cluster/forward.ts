import type { Context } from 'hono';
import type { AppContext } from '../context';

/** Marks a request one node forwarded to another: it is answered there, never forwarded again. */
const FORWARDED = 'x-yunet-forwarded-by';
/** Headers that carry who asks and in which language; nothing else is passed on. */
const PASSED = ['cookie', 'authorization', 'accept-language'];
const TIMEOUT_MS = 5000;

/**
 * A page about one device shows what its poller knows (interfaces, rates, CPU): asked of the node that owns the
 * device, on behalf of the same caller (its session cookie or token; the nodes share the sessions). null when this
 * node owns it, the request was already forwarded, or the owner does not answer in time — then this node answers
 * with what it has.
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
    const res = await fetch(`${node.url.replace(/\/$/, '')}${url.pathname}${url.search}`, { headers, redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) });
    return new Response(await res.arrayBuffer(), { status: res.status, headers: { 'content-type': res.headers.get('content-type') ?? 'text/html; charset=utf-8', 'x-yunet-node': owner } });
  } catch (e) {
    ctx.log.warn('device page not answered by its owner; shown from this node', { device: device.name, node: owner, error: (e as Error).message });
    return null;
  }
}
