import type { SnmpErrorKind } from '../snmp/types';
import type { DeviceFacts, Sample } from '../../collectors/types';

/** A device's latest samples rendered into exposition lines (UTF-8), one gzip segment per family (src/metrics/gzip-segments). */
export type RenderedSeries = Map<string, Buffer>;

/** Bounds on what one device can put into the exposition (polling.max_label_bytes, polling.max_device_series_bytes). */
export interface RenderLimits {
  maxLabelBytes: number;
  maxBytes: number;
}

/** What a render had to cut: label values over the length cap, and whole families over the byte cap. */
export interface RenderCuts {
  labelValues: number;
  families: number;
}

/** How the fleet turns samples into exposition text; the metrics module provides it (poll does not import metrics). */
export interface SeriesRenderer {
  labels(base: string, labels: Record<string, string>, maxValueBytes?: number): string;
  series(base: string, samples: Sample[], limits: RenderLimits, cuts?: RenderCuts): RenderedSeries;
  /** Writes one device's series part by part, then packs them into its buffer. */
  writer(): SeriesWriter;
}

/** A device's series being written: used synchronously from the first `write` to `pack`. */
export interface SeriesWriter {
  /** Exposition lines of these samples by family, after the parts written before; families past `limits.maxBytes` are dropped and counted in `cuts`. */
  write(base: string, samples: Sample[], limits: RenderLimits, cuts?: RenderCuts): void;
  /** A family kept from an earlier poll (its gzip segment), as it is. */
  keep(name: string, segment: Buffer): void;
  /**
   * Everything written, packed into one buffer; a family whose text is the same as in `last` (the device's series
   * of the poll before) keeps its segment; `previous` (the buffer they live in) is reused when nothing reads it.
   */
  pack(last: RenderedSeries, previous: Buffer | null): { series: RenderedSeries; buffer: Buffer };
}

export interface PollError {
  kind: SnmpErrorKind;
  message: string;
  collector: string;
}

/** The latest known state of one device, kept in memory; time series go to Prometheus, not here. */
export interface DeviceState {
  name: string;
  /** null until the first poll ends. */
  up: boolean | null;
  lastPollAt: Date | null;
  lastSuccessAt: Date | null;
  facts: DeviceFacts | null;
  /** Errors of the last poll (the device may be up with a failing collector). */
  errors: PollError[];
  errorsTotal: Map<SnmpErrorKind, number>;
  consecutiveFailures: number;
  /** Cycle number before which a backed-off device is not polled. */
  nextCycle: number;
  durations: Map<string, number>;
  varbinds: number;
  /** Cycle in which each collector last succeeded (for collectors that run every N cycles). */
  lastRun: Map<string, number>;
  /** Exposition lines of the latest poll, by family (gzip segments). */
  series: RenderedSeries;
  /** The buffer `series` lives in (the next poll rewrites it in place when it can). */
  seriesBuffer: Buffer | null;
  /** What rendering the latest poll had to cut (label values, whole families). */
  cuts: RenderCuts;
}

export function emptyState(name: string): DeviceState {
  return {
    name,
    up: null,
    lastPollAt: null,
    lastSuccessAt: null,
    facts: null,
    errors: [],
    errorsTotal: new Map(),
    consecutiveFailures: 0,
    nextCycle: 0,
    durations: new Map(),
    varbinds: 0,
    lastRun: new Map(),
    series: new Map(),
    seriesBuffer: null,
    cuts: { labelValues: 0, families: 0 },
  };
}
