import type { MetricDef } from '../../collectors/types';
import { GzipJoin, segment, segmentAsync, type Segment } from './gzip-segments';
import { startReading, type RenderedSeries } from './series';

/** Compressed bytes per chunk handed to the socket (about 2 MB of text); between chunks the event loop runs. */
const CHUNK_BYTES = 256 * 1024;

/** The HELP and TYPE lines of a family. */
export function familyHeader(def: MetricDef): string {
  return `# HELP ${def.name} ${def.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}\n# TYPE ${def.name} ${def.type}\n`;
}

/** Family headers as gzip segments, made once per header text. */
const headerSegments = new Map<string, Segment>();

function headerSegment(def: MetricDef): Segment {
  const text = familyHeader(def);
  let s = headerSegments.get(text);
  if (!s) headerSegments.set(text, (s = segment(text)));
  return s;
}

/**
 * `head`, then device series family by family (the text format wants a family's samples together): one gzip
 * member in chunks of about 256 KiB compressed.
 */
export function* gzipChunks(head: Segment, defs: Map<string, MetricDef>, series: RenderedSeries[]): Generator<Buffer> {
  const gz = new GzipJoin();
  let parts: Buffer[] = [GzipJoin.header, gz.add(head)];
  let size = parts[0].length + parts[1].length;
  for (const [name, def] of defs) {
    let wrote = false;
    for (const device of series) {
      const buf = device.get(name);
      if (!buf) continue;
      if (!wrote) {
        const h = gz.add(headerSegment(def));
        parts.push(h);
        size += h.length;
        wrote = true;
      }
      const bytes = gz.add(buf);
      parts.push(bytes);
      size += bytes.length;
      if (size >= CHUNK_BYTES) {
        yield Buffer.concat(parts, size);
        parts = [];
        size = 0;
      }
    }
  }
  parts.push(gz.end());
  yield Buffer.concat(parts);
}

const nextTick = () => new Promise<void>((r) => setImmediate(r));

/**
 * The exposition as one gzip member, pulled: each chunk is assembled only when the client has taken the previous
 * one (a slow scraper costs no memory of its own), and every chunk waits for a turn of the event loop, so a
 * whole-fleet scrape never holds it for long. `head` goes first (yunet's own prom-client metrics). While it
 * streams, the devices' buffers it reads are kept (the polls write new ones instead of rewriting them): `signal`
 * cuts it, letting them go.
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
          const text = await segmentAsync(await head());
          if (ended) return;
          done = startReading();
          chunks = gzipChunks(text, defs, series());
        } else await nextTick();
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
