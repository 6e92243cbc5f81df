import { and, asc, count, desc, eq, gt, gte, inArray, isNotNull, lt, ne, notInArray, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/index';
import { blindSpots, buildTargets, hazards, stations, towns } from '../../db/schema/field';
import { today } from './dates';

/**
 * Progress figures aggregated in SQL (cheap enough for every metrics scrape and page view).
 * Built = reached on_air (or accepted) in the year, by the on_air date (the accepted date when
 * on_air was skipped); cancelled stations don't count.
 */
export const DISTRICT = '全区';
const BUILT_DATE = sql`coalesce(${stations.onAirOn}, ${stations.acceptedOn})`;
const BUILT = inArray(stations.status, ['on_air', 'accepted']);

/** Rows meeting `cond` (0 over none): a CASE, since PostgreSQL cannot sum a boolean. */
export const countWhere = (cond: SQL) => sql<number>`coalesce(sum(CASE WHEN ${cond} THEN 1 ELSE 0 END), 0)`.mapWith(Number);

export interface TownProgress {
  town: string;
  target: number;
  built: number;
  /** built / target, null without a target. */
  ratio: number | null;
  /** 1 = best ratio; towns without a target are not ranked. */
  rank: number | null;
  by_operator: { operator: string; built: number; target: number | null }[];
}

export interface StationProgress {
  year: number;
  operator: string | null;
  towns: TownProgress[];
  district: { town: string; target: number; built: number; ratio: number | null; stations_on_air: number; stations_total: number };
}

/** Years that have targets, and the one pages open on: this year if it has targets, else the latest that has. */
export async function targetYears(db: Db, on: string = today()): Promise<{ years: number[]; current: number }> {
  const years = (await db.selectDistinct({ year: buildTargets.year }).from(buildTargets).orderBy(buildTargets.year)).map((r) => r.year);
  const thisYear = Number(on.slice(0, 4));
  return { years, current: years.includes(thisYear) || !years.length ? thisYear : Math.max(...years) };
}

export async function stationProgress(db: Db, year: number, operator: string | null = null): Promise<StationProgress> {
  const op = operator ?? '';
  const townList = await db.select({ id: towns.id, name: towns.name }).from(towns).orderBy(towns.sortOrder, towns.id);
  const targets = new Map<string, number>();
  for (const r of await db.select({ townId: buildTargets.townId, operator: buildTargets.operator, target: buildTargets.target }).from(buildTargets).where(eq(buildTargets.year, year)))
    targets.set(`${r.townId}/${r.operator}`, r.target);
  const built = await db
    .select({ townId: stations.townId, operator: stations.operator, n: count() })
    .from(stations)
    .where(and(BUILT, gte(BUILT_DATE, `${year}-01-01`), lt(BUILT_DATE, `${year + 1}-01-01`)))
    .groupBy(stations.townId, stations.operator);
  const builtBy = new Map<number, Map<string, number>>();
  for (const r of built) {
    if (!builtBy.has(r.townId)) builtBy.set(r.townId, new Map());
    builtBy.get(r.townId)!.set(r.operator, r.n);
  }
  const rows: TownProgress[] = townList.map((t) => {
    const ops = builtBy.get(t.id) ?? new Map<string, number>();
    const b = op ? (ops.get(op) ?? 0) : [...ops.values()].reduce((a, n) => a + n, 0);
    const target = targets.get(`${t.id}/${op}`) ?? 0;
    const opNames = new Set([...ops.keys(), ...[...targets.keys()].filter((k) => k.startsWith(`${t.id}/`) && k !== `${t.id}/`).map((k) => k.slice(k.indexOf('/') + 1))]);
    return {
      town: t.name,
      target,
      built: b,
      ratio: target > 0 ? b / target : null,
      rank: null,
      by_operator: [...opNames].sort().map((o) => ({ operator: o, built: ops.get(o) ?? 0, target: targets.get(`${t.id}/${o}`) ?? null })),
    };
  });
  const ranked = rows.filter((r) => r.ratio !== null).sort((a, b) => b.ratio! - a.ratio!);
  ranked.forEach((r, i) => (r.rank = i > 0 && ranked[i - 1].ratio === r.ratio ? ranked[i - 1].rank : i + 1));
  const target = rows.reduce((a, r) => a + r.target, 0);
  const b = rows.reduce((a, r) => a + r.built, 0);
  const [totals] = await db
    .select({ onAir: countWhere(BUILT), total: countWhere(ne(stations.status, 'cancelled')) })
    .from(stations)
    .where(op ? eq(stations.operator, op as (typeof stations.operator.enumValues)[number]) : undefined);
  return {
    year,
    operator,
    towns: rows,
    district: { town: DISTRICT, target, built: b, ratio: target > 0 ? b / target : null, stations_on_air: totals.onAir, stations_total: totals.total },
  };
}

export interface BlindSpotProgress {
  by_status: Record<string, number>;
  by_category: { category: string; status: string; count: number }[];
  open_age_days: { '0-30': number; '31-90': number; '91-180': number; '>180': number };
  resolved_in_year: { year: number; count: number }[];
}

const OPEN_SPOT = notInArray(blindSpots.status, ['resolved', 'closed_unresolvable']);

/** The year of a 'YYYY-MM-DD' column, as a number. */
const yearOf = (date: SQLiteColumn) => sql<number>`CAST(substr(${date}, 1, 4) AS INTEGER)`.mapWith(Number);

const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export async function blindSpotProgress(db: Db, on: string = today()): Promise<BlindSpotProgress> {
  const byStatus: Record<string, number> = {};
  for (const r of await db.select({ status: blindSpots.status, n: count() }).from(blindSpots).groupBy(blindSpots.status)) byStatus[r.status] = r.n;
  // Age in whole days by comparing ISO dates: age ≤ 30 is reported on or after the day 30 days before `on`.
  const reported = blindSpots.reportedOn;
  const [d30, d90, d180] = [30, 90, 180].map((n) => addDays(on, -n));
  const [ages] = await db
    .select({
      a30: countWhere(gte(reported, d30)),
      a90: countWhere(and(lt(reported, d30), gte(reported, d90))!),
      a180: countWhere(and(lt(reported, d90), gte(reported, d180))!),
      aold: countWhere(lt(reported, d180)),
    })
    .from(blindSpots)
    .where(OPEN_SPOT);
  const resolvedYear = yearOf(blindSpots.resolvedOn);
  return {
    by_status: byStatus,
    by_category: await db
      .select({ category: blindSpots.category, status: blindSpots.status, count: count() })
      .from(blindSpots)
      .groupBy(blindSpots.category, blindSpots.status)
      .orderBy(blindSpots.category, blindSpots.status),
    open_age_days: { '0-30': ages.a30, '31-90': ages.a90, '91-180': ages.a180, '>180': ages.aold },
    resolved_in_year: await db.select({ year: resolvedYear, count: count() }).from(blindSpots).where(eq(blindSpots.status, 'resolved')).groupBy(resolvedYear).orderBy(resolvedYear),
  };
}

export interface HazardProgress {
  by_town: { town: string; open: number; overdue: number; remediated: number }[];
  by_owner: { owner: string; open: number; overdue: number }[];
  remediated_in_year: { year: number; count: number }[];
}

const OPEN_HAZARD = notInArray(hazards.status, ['remediated', 'verified']);
const overdue = (on: string) => and(OPEN_HAZARD, isNotNull(hazards.deadline), lt(hazards.deadline, on))!;

export async function hazardProgress(db: Db, on: string = today()): Promise<HazardProgress> {
  const open = countWhere(OPEN_HAZARD);
  const late = countWhere(overdue(on));
  const remediatedYear = yearOf(hazards.remediatedOn);
  return {
    by_town: await db
      .select({ town: towns.name, open, overdue: late, remediated: countWhere(inArray(hazards.status, ['remediated', 'verified'])) })
      .from(towns)
      .leftJoin(hazards, eq(hazards.townId, towns.id))
      .groupBy(towns.id, towns.name, towns.sortOrder)
      .orderBy(towns.sortOrder, towns.id),
    by_owner: await db
      .select({ owner: hazards.owner, open, overdue: late })
      .from(hazards)
      .groupBy(hazards.owner)
      .having(gt(open, 0))
      .orderBy(desc(late), desc(open)),
    remediated_in_year: await db
      .select({ year: remediatedYear, count: count() })
      .from(hazards)
      .where(isNotNull(hazards.remediatedOn))
      .groupBy(remediatedYear)
      .orderBy(asc(remediatedYear)),
  };
}
