import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/index';
import { drillAnnotations, incidents, type DrillRow } from '../../db/schema/drills';
import { events, trapRejections } from '../../db/schema/events';
import { devices } from '../../db/schema/inventory';
import { drillView } from '../drills/view';
import { getDrill } from '../drills/store';
import { incidentView, type IncidentView } from './view';
import { rejectionTotals } from '../traps/rejections';

/** Rows per list in a report: a flood must not turn one request into an unbounded read. */
export const REPORT_LIST_MAX = 1000;

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
    /** Datagrams refused for unknown credentials or garbage; their sources are only claimed. */
    rejected_datagrams: number;
    /** Stored traps whose sender an SNMPv3 digest proves, and those whose source is only claimed. */
    authenticated_events: number;
    unverified_events: number;
    devices_down: number;
    configuration_changes: number;
  };
  incidents: IncidentView[];
  /** Remarks the security team recorded during the drill. */
  notes: { time: string; author: string; text: string }[];
  /** How far each figure can be trusted: what proves a sender and what does not. */
  attribution_note: string;
  unknown_sources: { source: string; traps: number; authenticated: number; first: string; last: string; traps_seen: string[] }[];
  /** first_seen: the earliest authenticationFailure trap or auth alert of the device in the window. */
  authentication_failures: { device: string; auth_failure_traps: number; alerts: number; first_seen: string }[];
  /** Every stored trap and inform in the window by its name, from known devices and unknown sources alike. */
  traps_by_type: { trap: string; traps: number; first_seen: string; last_seen: string }[];
  rejected_datagrams: ReturnType<typeof rejectionTotals>;
  devices_down: { device: string; alertname: string; starts_at: string; ends_at: string | null; duration_seconds: number | null }[];
  configuration_changes: { time: string; device: string; source: string; what: string; summary: string; attribution: string }[];
}

export const ATTRIBUTION_NOTE =
  'Only SNMPv3 traps with authentication (authNoPriv/authPriv) prove their sender. SNMPv1/v2c traps and refused datagrams name the source address they claim, which a forger can choose; they are listed as "datagrams claiming source X", not as the acts of the device at that address.';

function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : Math.round((s[m - 1] + s[m]) / 2);
}

/** The drill window's events, as SQL conditions; a unit-scoped drill keeps its units' devices and every unknown source. */
function windowOf(db: Db, d: DrillRow): SQL {
  const inWindow = and(gte(events.time, d.startsAt), lt(events.time, d.endsAt))!;
  if (d.scopeUnits === null) return inWindow;
  const inScope = db.select({ name: devices.name }).from(devices).where(inArray(devices.unit, d.scopeUnits));
  return and(inWindow, or(isNull(events.device), inArray(events.device, inScope)))!;
}

/** The after-action report of one drill: what happened, and how fast yunet saw it. */
export function buildReport(db: Db, drillId: number, now = new Date()): DrillReport {
  const d = getDrill(db, drillId);
  // A runaway rule can fire thousands of alerts: the list keeps the first REPORT_LIST_MAX, the figures count them all.
  const inc = db.select().from(incidents).where(eq(incidents.drillId, d.id)).orderBy(asc(incidents.startsAt), asc(incidents.id)).limit(REPORT_LIST_MAX).all().map(incidentView);
  const incidentTotal = db.select({ n: sql<number>`count(*)` }).from(incidents).where(eq(incidents.drillId, d.id)).get()?.n ?? 0;
  // Attack starts are typed in by people, one incident at a time: few rows, all of them counted.
  const ttd = db
    .select({ fired: incidents.startsAt, attack: incidents.attackStartedAt })
    .from(incidents)
    .where(and(eq(incidents.drillId, d.id), isNotNull(incidents.attackStartedAt)))
    .all()
    .map((i) => Math.round((i.fired.getTime() - i.attack!.getTime()) / 1000));
  const inWindow = windowOf(db, d);
  const bounded = <T>(rows: T[]) => rows.slice(0, REPORT_LIST_MAX);

  const unknown = db
    .select({
      source: events.source,
      traps: sql<number>`count(*)`,
      authenticated: sql<number>`sum(${events.attribution} = 'authenticated')`,
      first: sql<number>`min(${events.time})`,
      last: sql<number>`max(${events.time})`,
      traps_seen: sql<string>`group_concat(DISTINCT ${events.trap})`,
    })
    .from(events)
    .where(and(inWindow, isNull(events.device), inArray(events.kind, ['trap', 'inform'])))
    .groupBy(events.source)
    .orderBy(desc(sql`count(*)`))
    .limit(REPORT_LIST_MAX)
    .all()
    .map((u) => ({ source: u.source, traps: u.traps, authenticated: u.authenticated, first: new Date(u.first).toISOString(), last: new Date(u.last).toISOString(), traps_seen: u.traps_seen.split(',').slice(0, 10) }));
  const unknownTotal = db.select({ n: sql<number>`count(*)` }).from(events).where(and(inWindow, isNull(events.device), inArray(events.kind, ['trap', 'inform']))).get()?.n ?? 0;

  const auth = new Map<string, DrillReport['authentication_failures'][number]>();
  const authOf = (device: string, seen: string) => {
    const a = auth.get(device) ?? auth.set(device, { device, auth_failure_traps: 0, alerts: 0, first_seen: seen }).get(device)!;
    if (seen < a.first_seen) a.first_seen = seen;
    return a;
  };
  for (const a of db
    .select({ device: events.device, n: sql<number>`count(*)`, first: sql<number>`min(${events.time})` })
    .from(events)
    .where(and(inWindow, eq(events.trap, 'authenticationFailure'), isNotNull(events.device)))
    .groupBy(events.device)
    .all())
    authOf(a.device!, new Date(a.first).toISOString()).auth_failure_traps = a.n;
  for (const i of inc) if (i.labels.category === 'auth') authOf(i.device ?? i.labels.instance ?? '(no device)', i.starts_at).alerts++;

  const trapsByType = db
    .select({ trap: events.trap, traps: sql<number>`count(*)`, first: sql<number>`min(${events.time})`, last: sql<number>`max(${events.time})` })
    .from(events)
    .where(and(inWindow, inArray(events.kind, ['trap', 'inform'])))
    .groupBy(events.trap)
    .orderBy(desc(sql`count(*)`), asc(events.trap))
    .limit(REPORT_LIST_MAX)
    .all()
    .map((t) => ({ trap: t.trap, traps: t.traps, first_seen: new Date(t.first).toISOString(), last_seen: new Date(t.last).toISOString() }));

  // Refused datagrams are counted per minute: the minutes that overlap the window.
  const rejWhere = and(gte(trapRejections.bucket, Math.floor(d.startsAt.getTime() / 60_000) * 60), lt(trapRejections.bucket, Math.ceil(d.endsAt.getTime() / 1000)));
  const rejected = rejectionTotals(db, rejWhere, REPORT_LIST_MAX);
  const rejectedTotal = db.select({ n: sql<number>`coalesce(sum(${trapRejections.datagrams}), 0)` }).from(trapRejections).where(rejWhere).get()?.n ?? 0;

  const byAttribution = Object.fromEntries(
    db.select({ a: events.attribution, n: sql<number>`count(*)` }).from(events).where(and(inWindow, inArray(events.kind, ['trap', 'inform']))).groupBy(events.attribution).all().map((r) => [r.a, r.n]),
  );

  const restarts = db
    .select({ device: events.device, trap: events.trap, time: events.time })
    .from(events)
    .where(and(inWindow, eq(events.category, 'restart'), isNotNull(events.device)))
    .orderBy(asc(events.id))
    .limit(REPORT_LIST_MAX)
    .all();
  const down = bounded(
    [
      ...inc
        .filter((i) => DOWN.has(i.labels.category ?? ''))
        .map((i) => ({ device: i.device ?? '(no device)', alertname: i.alertname, starts_at: i.starts_at, ends_at: i.ends_at, duration_seconds: i.duration_seconds })),
      // coldStart / warmStart traps: the device says itself that it restarted.
      ...restarts.map((e) => ({ device: e.device!, alertname: e.trap, starts_at: e.time.toISOString(), ends_at: null, duration_seconds: null })),
    ].sort((a, b) => a.starts_at.localeCompare(b.starts_at)),
  );

  const config = bounded(
    [
      ...db
        .select({ time: events.time, device: events.device, source: events.source, trap: events.trap, summary: events.summary, attribution: events.attribution })
        .from(events)
        .where(and(inWindow, eq(events.category, 'config')))
        .orderBy(asc(events.id))
        .limit(REPORT_LIST_MAX)
        .all()
        .map((e) => ({ time: e.time.toISOString(), device: e.device ?? '', source: e.source, what: e.trap, summary: e.summary, attribution: e.attribution })),
      ...inc
        .filter((i) => i.labels.category === 'config')
        .map((i) => ({ time: i.starts_at, device: i.device ?? '', source: 'alert', what: i.alertname, summary: i.summary, attribution: 'alert' })),
    ].sort((a, b) => a.time.localeCompare(b.time)),
  );

  const authList = [...auth.values()].sort((a, b) => b.auth_failure_traps + b.alerts - (a.auth_failure_traps + a.alerts));
  return {
    drill: drillView(d, now),
    generated_at: now.toISOString(),
    summary: {
      incidents: incidentTotal,
      annotated: ttd.length,
      median_time_to_detect_seconds: median(ttd),
      max_time_to_detect_seconds: ttd.length ? Math.max(...ttd) : null,
      unknown_source_traps: unknownTotal,
      authentication_failures: authList.reduce((n, a) => n + a.auth_failure_traps + a.alerts, 0),
      rejected_datagrams: rejectedTotal,
      authenticated_events: byAttribution.authenticated ?? 0,
      unverified_events: byAttribution.unverified ?? 0,
      devices_down: new Set(down.map((x) => x.device)).size,
      configuration_changes: config.length,
    },
    incidents: inc,
    notes: db
      .select()
      .from(drillAnnotations)
      .where(eq(drillAnnotations.drillId, d.id))
      .orderBy(asc(drillAnnotations.time))
      .limit(REPORT_LIST_MAX)
      .all()
      .map((a) => ({ time: a.time.toISOString(), author: a.author, text: a.text })),
    attribution_note: ATTRIBUTION_NOTE,
    unknown_sources: unknown,
    authentication_failures: authList,
    traps_by_type: trapsByType,
    rejected_datagrams: rejected,
    devices_down: down,
    configuration_changes: config,
  };
}
