import { Counter, type Registry } from 'prom-client';

export const rejectReasons = ['bad_community', 'bad_v3_auth', 'malformed', 'unsupported'] as const;
export const dropReasons = ['queue_full', 'rows_cap', 'bytes_cap', 'retention', 'duplicate'] as const;
export type RejectReason = (typeof rejectReasons)[number];

/** The receiver's counters; unknown sources are bounded so an attacker cannot blow up cardinality. */
export class TrapMetrics {
  readonly traps: Counter<'device' | 'trap'>;
  readonly unknown: Counter<'source'>;
  readonly rejected: Counter<'reason'>;
  readonly rejectedBySource: Counter<'source' | 'reason'>;
  readonly dropped: Counter<'reason'>;
  private readonly sources = new Set<string>();
  private readonly rejectedSources = new Set<string>();

  constructor(registry: Registry, private readonly maxSources: number) {
    this.traps = new Counter({
      name: 'yunet_snmp_traps_total',
      help: 'Traps and informs from inventory devices, stored, by device and recognised trap name ("other" for the rest); a copy of a stored trap (received by another node too, an inform resent) is not counted again.',
      labelNames: ['device', 'trap'],
      registers: [registry],
    });
    this.unknown = new Counter({
      name: 'yunet_snmp_traps_unknown_source_total',
      help: 'Traps and informs from addresses that match no device, stored; sources beyond the configured limit count as source="other".',
      labelNames: ['source'],
      registers: [registry],
    });
    this.rejected = new Counter({
      name: 'yunet_snmp_traps_rejected_total',
      help: 'Datagrams the trap receiver refused: bad_community, bad_v3_auth, malformed, unsupported (not a trap or inform).',
      labelNames: ['reason'],
      registers: [registry],
    });
    for (const reason of rejectReasons) this.rejected.inc({ reason }, 0);
    this.rejectedBySource = new Counter({
      name: 'yunet_snmp_traps_rejected_by_source_total',
      help: 'Refused datagrams by the source address they claim (forgeable) and reason; sources beyond traps.unknown_sources_max count as source="other".',
      labelNames: ['source', 'reason'],
      registers: [registry],
    });
    this.dropped = new Counter({
      name: 'yunet_events_dropped_total',
      help: 'Trap events not kept: queue_full (arrived faster than they could be written), rows_cap and bytes_cap (oldest deleted to keep the table under traps.max_events / traps.max_event_bytes), retention (older than traps.retention_days), duplicate (the same trap already stored within a minute: received by another node too, or an inform resent).',
      labelNames: ['reason'],
      registers: [registry],
    });
    for (const reason of dropReasons) this.dropped.inc({ reason }, 0);
  }

  /** The label value for an unknown source: itself while fewer than the limit have been seen, else "other". */
  sourceLabel(address: string): string {
    return label(this.sources, address, this.maxSources);
  }

  /** The same for the claimed source of a refused datagram, with a budget of its own. */
  rejectedSourceLabel(address: string): string {
    return label(this.rejectedSources, address, this.maxSources);
  }
}

function label(seen: Set<string>, value: string, max: number): string {
  if (seen.has(value)) return value;
  if (seen.size < max) {
    seen.add(value);
    return value;
  }
  return 'other';
}
