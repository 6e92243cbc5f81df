import type { MetricDef } from '../../collectors/types';
import { renderFamily, type SeriesByFamily } from './series';

/** Devices rendered per chunk before yielding to the event loop. */
const DEVICES_PER_CHUNK = 50;

const encoder = new TextEncoder();

function header(def: MetricDef): string {
  return `# HELP ${def.name} ${def.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}\n# TYPE ${def.name} ${def.type}\n`;
}

/** Device series family by family (the text format wants a family's samples together), in chunks. */
export function* deviceChunks(defs: Map<string, MetricDef>, series: SeriesByFamily[]): Generator<string> {
  for (const [name, def] of defs) {
    let chunk = '';
    let wrote = false;
    for (let i = 0; i < series.length; i++) {
      const fam = series[i].get(name);
      if (fam) {
        if (!wrote) chunk += header(def);
        wrote = true;
        chunk += renderFamily(name, fam);
      }
      if ((i + 1) % DEVICES_PER_CHUNK === 0 && chunk) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }
}

/**
 * A pull stream: each chunk is rendered only when the client has taken the previous one, so a slow
 * scraper costs no memory and the event loop is free between chunks.
 * `head` is text that goes first (yunet's own prom-client metrics).
 */
export function streamExposition(head: () => Promise<string>, defs: Map<string, MetricDef>, series: () => SeriesByFamily[]): ReadableStream<Uint8Array> {
  let chunks: Generator<string> | null = null;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!chunks) {
        const text = await head();
        chunks = deviceChunks(defs, series());
        controller.enqueue(encoder.encode(text));
        return;
      }
      const next = chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
}
