import { toCsv } from '../csv';
import type { DrillReport } from './report';

const columns = [
  'section',
  'time',
  'device',
  'name',
  'summary',
  'ends_at',
  'attack_started_at',
  'time_to_detect_seconds',
  'time_to_resolve_seconds',
  'count',
] as const;

/** The report as one flat table (a `section` column says which part a row belongs to). */
export function reportCsv(r: DrillReport): string {
  const rows: Record<(typeof columns)[number], string | number | null>[] = [];
  const row = (x: Partial<Record<(typeof columns)[number], string | number | null>>) =>
    rows.push({ section: null, time: null, device: null, name: null, summary: null, ends_at: null, attack_started_at: null, time_to_detect_seconds: null, time_to_resolve_seconds: null, count: null, ...x });
  for (const i of r.incidents)
    row({
      section: 'incident',
      time: i.starts_at,
      device: i.device,
      name: i.alertname,
      summary: i.summary,
      ends_at: i.ends_at,
      attack_started_at: i.attack_started_at,
      time_to_detect_seconds: i.time_to_detect_seconds,
      time_to_resolve_seconds: i.time_to_resolve_seconds,
    });
  for (const u of r.unknown_sources) row({ section: 'unknown_source', time: u.first, device: u.source, name: u.traps_seen.join(' '), ends_at: u.last, count: u.traps });
  for (const a of r.authentication_failures)
    row({ section: 'authentication_failures', time: a.first_seen, device: a.device, summary: `traps ${a.auth_failure_traps}, alerts ${a.alerts}`, count: a.auth_failure_traps + a.alerts });
  for (const t of r.traps_by_type) row({ section: 'traps_by_type', time: t.first_seen, name: t.trap, ends_at: t.last_seen, count: t.traps });
  // The device column holds the claimed source: a refused datagram proves nothing about who sent it.
  for (const x of r.rejected_datagrams) row({ section: 'rejected_datagrams', time: x.first_seen, device: x.claimed_source, name: x.reason, summary: x.description, ends_at: x.last_seen, count: x.datagrams });
  for (const x of r.devices_down) row({ section: 'device_down', time: x.starts_at, device: x.device, name: x.alertname, ends_at: x.ends_at });
  for (const c of r.configuration_changes) row({ section: 'configuration_change', time: c.time, device: c.device || c.source, name: c.what, summary: `${c.summary} [${c.attribution}]` });
  return toCsv(rows, columns);
}
