import { and, asc, eq, gte, inArray, lt } from 'drizzle-orm';
import type { Db } from '../../db/index';
import { drillAnnotations, incidents, type DrillRow } from '../../db/schema/drills';
import { events, type EventRow } from '../../db/schema/events';
import { devices } from '../../db/schema/inventory';
import { drillView } from '../drills/routes';
import { getDrill } from '../drills/store';
import { incidentView, type IncidentView } from './view';

/** Alert rules carry a `category` label; these are the ones the report lists on their own. */
const DOWN = new Set(['down', 'reboot']);

export interface DrillReport {
  drill: ReturnType<typeof drillView>;
  generated_at: string;
  summary: {
    incidents: number;
    annotated: number;
    median_time_to_detect_seconds: number | null;
    max_time_to_detect_seconds: number | null;
    unknown_source_traps: number;
    authentication_failures: number;
    devices_down: number;
    configuration_changes: number;
  };
  incidents: IncidentView[];
  /** Remarks the security team recorded during the drill. */
  notes: { time: string; author: string; text: string }[];
  unknown_sources: { source: string; traps: number; first: string; last: string; traps_seen: string[] }[];
  authentication_failures: { device: string; auth_failure_traps: number; rejected_datagrams: number; alerts: number }[];
  devices_down: { device: string; alertname: string; starts_at: string; ends_at: string | null; duration_seconds: number | null }[];
  configuration_changes: { time: string; device: string; source: string; what: string; summary: string }[];
}

function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : Math.round((s[m - 1] + s[m]) / 2);
}

/** Events of the drill window; for a unit-scoped drill only its units' devices (unknown sources always count). */
function windowEvents(db: Db, d: DrillRow): EventRow[] {
  const rows = db.select().from(events).where(and(gte(events.time, d.startsAt), lt(events.time, d.endsAt))).orderBy(asc(events.id)).all();
  if (d.scopeUnits === null) return rows;
  const inScope = new Set(
    db.select({ name: devices.name }).from(devices).where(inArray(devices.unit, d.scopeUnits)).all().map((r) => r.name),
  );
  return rows.filter((e) => e.device === null || inScope.has(e.device));
}

/** The after-action report of one drill: what happened, and how fast yunet saw it. */
export function buildReport(db: Db, drillId: number, now = new Date()): DrillReport {
  const d = getDrill(db, drillId);
  const inc = db.select().from(incidents).where(eq(incidents.drillId, d.id)).orderBy(asc(incidents.startsAt)).all().map(incidentView);
  const evs = windowEvents(db, d);

  const unknown = new Map<string, DrillReport['unknown_sources'][number]>();
  for (const e of evs.filter((x) => x.device === null)) {
    const u = unknown.get(e.source) ?? { source: e.source, traps: 0, first: e.time.toISOString(), last: e.time.toISOString(), traps_seen: [] };
    u.traps++;
    u.last = e.time.toISOString();
    if (!u.traps_seen.includes(e.trap) && u.traps_seen.length < 10) u.traps_seen.push(e.trap);
    unknown.set(e.source, u);
  }

  const auth = new Map<string, DrillReport['authentication_failures'][number]>();
  const authOf = (device: string) => auth.get(device) ?? auth.set(device, { device, auth_failure_traps: 0, rejected_datagrams: 0, alerts: 0 }).get(device)!;
  for (const e of evs) {
    if (e.trap === 'authenticationFailure' && e.device) authOf(e.device).auth_failure_traps++;
    // A rejected trap is someone sending with credentials we do not know: attribute it to the sender.
    if (e.kind === 'rejected') authOf(e.device ?? e.source).rejected_datagrams++;
  }
  for (const i of inc) if (i.labels.category === 'auth') authOf(i.device ?? i.labels.instance ?? '(no device)').alerts++;

  const down = [
    ...inc
      .filter((i) => DOWN.has(i.labels.category ?? ''))
      .map((i) => ({ device: i.device ?? '(no device)', alertname: i.alertname, starts_at: i.starts_at, ends_at: i.ends_at, duration_seconds: i.duration_seconds })),
    // coldStart / warmStart traps: the device says itself that it restarted.
    ...evs
      .filter((e) => e.category === 'restart' && e.device)
      .map((e) => ({ device: e.device!, alertname: e.trap, starts_at: e.time.toISOString(), ends_at: null, duration_seconds: null })),
  ].sort((a, b) => a.starts_at.localeCompare(b.starts_at));

  const config = [
    ...evs
      .filter((e) => e.category === 'config')
      .map((e) => ({ time: e.time.toISOString(), device: e.device ?? '', source: e.source, what: e.trap, summary: e.summary })),
    ...inc
      .filter((i) => i.labels.category === 'config')
      .map((i) => ({ time: i.starts_at, device: i.device ?? '', source: 'alert', what: i.alertname, summary: i.summary })),
  ].sort((a, b) => a.time.localeCompare(b.time));

  const ttd = inc.map((i) => i.time_to_detect_seconds).filter((x): x is number => x !== null);
  const authList = [...auth.values()].sort((a, b) => b.rejected_datagrams + b.auth_failure_traps + b.alerts - (a.rejected_datagrams + a.auth_failure_traps + a.alerts));
  return {
    drill: drillView(d, now),
    generated_at: now.toISOString(),
    summary: {
      incidents: inc.length,
      annotated: ttd.length,
      median_time_to_detect_seconds: median(ttd),
      max_time_to_detect_seconds: ttd.length ? Math.max(...ttd) : null,
      unknown_source_traps: [...unknown.values()].reduce((n, u) => n + u.traps, 0),
      authentication_failures: authList.reduce((n, a) => n + a.auth_failure_traps + a.rejected_datagrams + a.alerts, 0),
      devices_down: new Set(down.map((x) => x.device)).size,
      configuration_changes: config.length,
    },
    incidents: inc,
    notes: db
      .select()
      .from(drillAnnotations)
      .where(eq(drillAnnotations.drillId, d.id))
      .orderBy(asc(drillAnnotations.time))
      .all()
      .map((a) => ({ time: a.time.toISOString(), author: a.author, text: a.text })),
    unknown_sources: [...unknown.values()].sort((a, b) => b.traps - a.traps),
    authentication_failures: authList,
    devices_down: down,
    configuration_changes: config,
  };
}
