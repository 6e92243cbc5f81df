import type { Database } from 'better-sqlite3';
import { today } from './dates';

/**
 * Progress figures aggregated in SQL (cheap enough for every metrics scrape and page view).
 * Built = reached on_air (or accepted) in the year, by the on_air date (the accepted date when
 * on_air was skipped); cancelled stations don't count.
 */
export const DISTRICT = '全区';
const BUILT_DATE = "coalesce(on_air_on, accepted_on)";
const BUILT = `status IN ('on_air','accepted')`;

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
export function targetYears(sqlite: Database, on: string = today()): { years: number[]; current: number } {
  const years = (sqlite.prepare('SELECT DISTINCT year FROM build_targets ORDER BY year').all() as { year: number }[]).map((r) => r.year);
  const thisYear = Number(on.slice(0, 4));
  return { years, current: years.includes(thisYear) || !years.length ? thisYear : Math.max(...years) };
}

export function stationProgress(sqlite: Database, year: number, operator: string | null = null): StationProgress {
  const op = operator ?? '';
  const towns = sqlite.prepare('SELECT id, name FROM towns ORDER BY sort_order, id').all() as { id: number; name: string }[];
  const targets = new Map<string, number>();
  for (const r of sqlite.prepare('SELECT town_id, operator, target FROM build_targets WHERE year = ?').all(year) as { town_id: number; operator: string; target: number }[])
    targets.set(`${r.town_id}/${r.operator}`, r.target);
  const built = sqlite
    .prepare(`SELECT town_id, operator, count(*) AS n FROM stations WHERE ${BUILT} AND ${BUILT_DATE} >= ? AND ${BUILT_DATE} < ? GROUP BY town_id, operator`)
    .all(`${year}-01-01`, `${year + 1}-01-01`) as { town_id: number; operator: string; n: number }[];
  const builtBy = new Map<number, Map<string, number>>();
  for (const r of built) {
    if (!builtBy.has(r.town_id)) builtBy.set(r.town_id, new Map());
    builtBy.get(r.town_id)!.set(r.operator, r.n);
  }
  const rows: TownProgress[] = towns.map((t) => {
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
  const totals = sqlite
    .prepare(`SELECT sum(${BUILT}) AS on_air, sum(status != 'cancelled') AS total FROM stations ${op ? 'WHERE operator = ?' : ''}`)
    .get(...(op ? [op] : [])) as { on_air: number | null; total: number | null };
  return {
    year,
    operator,
    towns: rows,
    district: { town: DISTRICT, target, built: b, ratio: target > 0 ? b / target : null, stations_on_air: totals.on_air ?? 0, stations_total: totals.total ?? 0 },
  };
}

export interface BlindSpotProgress {
  by_status: Record<string, number>;
  by_category: { category: string; status: string; count: number }[];
  open_age_days: { '0-30': number; '31-90': number; '91-180': number; '>180': number };
  resolved_in_year: { year: number; count: number }[];
}

const OPEN_SPOT = `status NOT IN ('resolved','closed_unresolvable')`;

export function blindSpotProgress(sqlite: Database, on: string = today()): BlindSpotProgress {
  const byStatus: Record<string, number> = {};
  for (const r of sqlite.prepare('SELECT status, count(*) n FROM blind_spots GROUP BY status').all() as { status: string; n: number }[]) byStatus[r.status] = r.n;
  const ages = sqlite
    .prepare(
      `SELECT sum(a <= 30) a30, sum(a > 30 AND a <= 90) a90, sum(a > 90 AND a <= 180) a180, sum(a > 180) aold
       FROM (SELECT julianday(?) - julianday(reported_on) AS a FROM blind_spots WHERE ${OPEN_SPOT})`,
    )
    .get(on) as Record<string, number | null>;
  return {
    by_status: byStatus,
    by_category: (sqlite.prepare('SELECT category, status, count(*) count FROM blind_spots GROUP BY category, status ORDER BY category, status').all() as BlindSpotProgress['by_category']),
    open_age_days: { '0-30': ages.a30 ?? 0, '31-90': ages.a90 ?? 0, '91-180': ages.a180 ?? 0, '>180': ages.aold ?? 0 },
    resolved_in_year: sqlite
      .prepare("SELECT CAST(substr(resolved_on, 1, 4) AS INTEGER) year, count(*) count FROM blind_spots WHERE status = 'resolved' GROUP BY 1 ORDER BY 1")
      .all() as { year: number; count: number }[],
  };
}

export interface HazardProgress {
  by_town: { town: string; open: number; overdue: number; remediated: number }[];
  by_owner: { owner: string; open: number; overdue: number }[];
  remediated_in_year: { year: number; count: number }[];
}

const OPEN_HAZARD = `status NOT IN ('remediated','verified')`;
const OVERDUE = `(${OPEN_HAZARD} AND deadline IS NOT NULL AND deadline < ?)`;

export function hazardProgress(sqlite: Database, on: string = today()): HazardProgress {
  return {
    by_town: sqlite
      .prepare(
        `SELECT t.name town, coalesce(sum(${OPEN_HAZARD.replace('status', 'h.status')}), 0) open, coalesce(sum(${OVERDUE.replace('status', 'h.status')}), 0) overdue,
                coalesce(sum(h.status IN ('remediated','verified')), 0) remediated
         FROM towns t LEFT JOIN line_hazards h ON h.town_id = t.id GROUP BY t.id ORDER BY t.sort_order, t.id`,
      )
      .all(on) as HazardProgress['by_town'],
    by_owner: sqlite
      .prepare(`SELECT owner, sum(${OPEN_HAZARD}) open, sum(${OVERDUE}) overdue FROM line_hazards GROUP BY owner HAVING open > 0 ORDER BY overdue DESC, open DESC`)
      .all(on) as HazardProgress['by_owner'],
    remediated_in_year: sqlite
      .prepare("SELECT CAST(substr(remediated_on, 1, 4) AS INTEGER) year, count(*) count FROM line_hazards WHERE remediated_on IS NOT NULL GROUP BY 1 ORDER BY 1")
      .all() as { year: number; count: number }[],
  };
}
