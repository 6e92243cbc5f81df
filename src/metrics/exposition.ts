import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { MetricDef } from '../../collectors/types';
import { gzipMember, startReading, type RenderedSeries } from './series';

/** Compressed bytes per chunk handed to the socket (about 2 MB of text); between chunks the event loop runs. */
const CHUNK_BYTES = 256 * 1024;

const gzipAsync = promisify(gzip);

/** The HELP and TYPE lines of a family. */
export function familyHeader(def: MetricDef): string {
  return `# HELP ${def.name} ${def.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}\n# TYPE ${def.name} ${def.type}\n`;
}

/** Family headers as gzip members, made once per header text. */
const headerMembers = new Map<string, Buffer>();

function headerMember(def: MetricDef): Buffer {
  const text = familyHeader(def);
  let member = headerMembers.get(text);
  if (!member) headerMembers.set(text, (member = gzipMember(text)));
  return member;
}

/**
 * Device series family by family (the text format wants a family's samples together), as gzip members in chunks
 * of about 256 KiB: together one gzip stream.
 */
export function* deviceChunks(defs: Map<string, MetricDef>, series: RenderedSeries[]): Generator<Buffer> {
  let parts: Buffer[] = [];
  let size = 0;
  for (const [name, def] of defs) {
    let wrote = false;
    for (const device of series) {
      const buf = device.get(name);
      if (!buf) continue;
      if (!wrote) {
        const h = headerMember(def);
        parts.push(h);
        size += h.length;
        wrote = true;
      }
      parts.push(buf);
      size += buf.length;
      if (size >= CHUNK_BYTES) {
        yield Buffer.concat(parts, size);
        parts = [];
        size = 0;
      }
    }
  }
  if (size) yield Buffer.concat(parts, size);
}

const nextTick = () => new Promise<void>((r) => setImmediate(r));

/**
 * The exposition as one gzip stream (members one after another), pulled: each chunk is assembled only when the
 * client has taken the previous one (a slow scraper costs no memory of its own), and every chunk waits for a turn
 * of the event loop, so a whole-fleet scrape never holds it for long. `head` goes first (yunet's own prom-client metrics). While it streams, the devices' buffers it
 * reads are kept (the polls write new ones instead of rewriting them): `signal` cuts it, letting them go.
 */
export function streamExposition(
  head: () => Promise<string>,
  defs: Map<string, MetricDef>,
  series: () => RenderedSeries[],
  signal?: AbortSignal,
  /** Called once when the stream ends, however it ends. */
  onEnd?: () => void,
): ReadableStream<Uint8Array> {
  let chunks: Generator<Buffer> | null = null;
  // From the first pull to the last chunk (or the client going away) the devices' buffers are not rewritten.
  let done: (() => void) | null = null;
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    chunks = null;
    done?.();
    onEnd?.();
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      signal?.addEventListener('abort', () => {
        if (ended) return;
        end();
        controller.error(new Error('exposition stream cut: not read in time'));
      });
    },
    async pull(controller) {
      if (ended) return;
      try {
        if (!chunks) {
          const text = await gzipAsync(await head());
          if (ended) return;
          done = startReading();
          chunks = deviceChunks(defs, series());
          controller.enqueue(text);
          return;
        }
        await nextTick();
        if (ended || !chunks) return;
        const next = chunks.next();
        if (next.done) {
          end();
          controller.close();
        } else controller.enqueue(next.value);
      } catch (e) {
        end();
        throw e;
      }
    },
    cancel() {
      end();
    },
  });
}
