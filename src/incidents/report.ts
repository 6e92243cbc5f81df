import { and, asc, count, desc, eq, gte, inArray, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
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
  rejected_datagrams: Awaited<ReturnType<typeof rejectionTotals>>;
  devices_down: { device: string; alertname: string; starts_at: string; ends_at: string | null; duration_seconds: number | null }[];
  configuration_changes: { time: string; device: string; source: string; what: string; summary: string; attribution: string }[];
}

export const ATTRIBUTION_NOTE =
  'Only SNMPv3 traps with authentication (authNoPriv/authPriv) prove their sender. SNMPv1/v2c traps and refused datagrams name the source address they claim, which a forger can choose; they are listed as "datagrams claiming source X", not as the acts of the device at that address.';

/** The earliest and latest event of a group, decoded as the column is (a group has rows, so never null). */
const firstTime = () => sql<Date>`min(${events.time})`.mapWith(events.time);
const lastTime = () => sql<Date>`max(${events.time})`.mapWith(events.time);

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
export async function buildReport(db: Db, drillId: number, now = new Date()): Promise<DrillReport> {
  const d = await getDrill(db, drillId);
  // A runaway rule can fire thousands of alerts: the list keeps the first REPORT_LIST_MAX, the figures count them all.
  const inc = (await db.select().from(incidents).where(eq(incidents.drillId, d.id)).orderBy(asc(incidents.startsAt), asc(incidents.id)).limit(REPORT_LIST_MAX)).map(incidentView);
  const incidentTotal = await db.$count(incidents, eq(incidents.drillId, d.id));
  // Attack starts are typed in by people, one incident at a time: few rows, all of them counted.
  const ttd = (
    await db
      .select({ fired: incidents.startsAt, attack: incidents.attackStartedAt })
      .from(incidents)
      .where(and(eq(incidents.drillId, d.id), isNotNull(incidents.attackStartedAt)))
  ).map((i) => Math.round((i.fired.getTime() - i.attack!.getTime()) / 1000));
  const inWindow = windowOf(db, d);
  const traps = and(inWindow, inArray(events.kind, ['trap', 'inform']));
  const bounded = <T>(rows: T[]) => rows.slice(0, REPORT_LIST_MAX);

  const unknownWhere = and(traps, isNull(events.device));
  const unknownRows = await db
    .select({
      source: events.source,
      traps: count(),
      authenticated: sql<number>`sum(CASE WHEN ${events.attribution} = 'authenticated' THEN 1 ELSE 0 END)`.mapWith(Number),
      first: firstTime(),
      last: lastTime(),
    })
    .from(events)
    .where(unknownWhere)
    .groupBy(events.source)
    .orderBy(desc(count()))
    .limit(REPORT_LIST_MAX);
  // The trap names each listed source sent, first seen first, in a query of their own (no portable group_concat).
  const seen = new Map<string, string[]>();
  if (unknownRows.length)
    for (const t of await db
      .select({ source: events.source, trap: events.trap })
      .from(events)
      .where(and(unknownWhere, inArray(events.source, unknownRows.map((u) => u.source))))
      .groupBy(events.source, events.trap)
      .orderBy(firstTime(), asc(events.trap))) {
      const names = seen.get(t.source) ?? seen.set(t.source, []).get(t.source)!;
      if (names.length < 10) names.push(t.trap);
    }
  const unknown = unknownRows.map((u) => ({ source: u.source, traps: u.traps, authenticated: u.authenticated, first: u.first.toISOString(), last: u.last.toISOString(), traps_seen: seen.get(u.source) ?? [] }));
  const unknownTotal = await db.$count(events, unknownWhere);

  const auth = new Map<string, DrillReport['authentication_failures'][number]>();
  const authOf = (device: string, seen: string) => {
    const a = auth.get(device) ?? auth.set(device, { device, auth_failure_traps: 0, alerts: 0, first_seen: seen }).get(device)!;
    if (seen < a.first_seen) a.first_seen = seen;
    return a;
  };
  for (const a of await db
    .select({ device: events.device, n: count(), first: firstTime() })
    .from(events)
    .where(and(inWindow, eq(events.trap, 'authenticationFailure'), isNotNull(events.device)))
    .groupBy(events.device))
    authOf(a.device!, a.first.toISOString()).auth_failure_traps = a.n;
  for (const i of inc) if (i.labels.category === 'auth') authOf(i.device ?? i.labels.instance ?? '(no device)', i.starts_at).alerts++;

  const trapsByType = (
    await db
      .select({ trap: events.trap, traps: count(), first: firstTime(), last: lastTime() })
      .from(events)
      .where(traps)
      .groupBy(events.trap)
      .orderBy(desc(count()), asc(events.trap))
      .limit(REPORT_LIST_MAX)
  ).map((t) => ({ trap: t.trap, traps: t.traps, first_seen: t.first.toISOString(), last_seen: t.last.toISOString() }));

  // Refused datagrams are counted per minute: the minutes that overlap the window.
  const rejWhere = and(gte(trapRejections.bucket, Math.floor(d.startsAt.getTime() / 60_000) * 60), lt(trapRejections.bucket, Math.ceil(d.endsAt.getTime() / 1000)));
  const rejected = await rejectionTotals(db, rejWhere, REPORT_LIST_MAX);
  const [{ n: rejectedTotal }] = await db.select({ n: sql<number>`coalesce(sum(${trapRejections.datagrams}), 0)`.mapWith(Number) }).from(trapRejections).where(rejWhere);

  const byAttribution = Object.fromEntries(
    (await db.select({ a: events.attribution, n: count() }).from(events).where(traps).groupBy(events.attribution)).map((r) => [r.a, r.n]),
  );

  const restarts = await db
    .select({ device: events.device, trap: events.trap, time: events.time })
    .from(events)
    .where(and(inWindow, eq(events.category, 'restart'), isNotNull(events.device)))
    .orderBy(asc(events.id))
    .limit(REPORT_LIST_MAX);
  const down = bounded(
    [
      ...inc
        .filter((i) => DOWN.has(i.labels.category ?? ''))
        .map((i) => ({ device: i.device ?? '(no device)', alertname: i.alertname, starts_at: i.starts_at, ends_at: i.ends_at, duration_seconds: i.duration_seconds })),
      // coldStart / warmStart traps: the device says itself that it restarted.
      ...restarts.map((e) => ({ device: e.device!, alertname: e.trap, starts_at: e.time.toISOString(), ends_at: null, duration_seconds: null })),
    ].sort((a, b) => a.starts_at.localeCompare(b.starts_at)),
  );

  const configEvents = await db
    .select({ time: events.time, device: events.device, source: events.source, trap: events.trap, summary: events.summary, attribution: events.attribution })
    .from(events)
    .where(and(inWindow, eq(events.category, 'config')))
    .orderBy(asc(events.id))
    .limit(REPORT_LIST_MAX);
  const config = bounded(
    [
      ...configEvents.map((e) => ({ time: e.time.toISOString(), device: e.device ?? '', source: e.source, what: e.trap, summary: e.summary, attribution: e.attribution })),
      ...inc
        .filter((i) => i.labels.category === 'config')
        .map((i) => ({ time: i.starts_at, device: i.device ?? '', source: 'alert', what: i.alertname, summary: i.summary, attribution: 'alert' })),
    ].sort((a, b) => a.time.localeCompare(b.time)),
  );

  const notes = await db.select().from(drillAnnotations).where(eq(drillAnnotations.drillId, d.id)).orderBy(asc(drillAnnotations.time)).limit(REPORT_LIST_MAX);
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
    notes: notes.map((a) => ({ time: a.time.toISOString(), author: a.author, text: a.text })),
    attribution_note: ATTRIBUTION_NOTE,
    unknown_sources: unknown,
    authentication_failures: authList,
    traps_by_type: trapsByType,
    rejected_datagrams: rejected,
    devices_down: down,
    configuration_changes: config,
  };
}
