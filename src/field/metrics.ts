import { Gauge, type Registry } from 'prom-client';
import { and, count, eq, inArray, isNotNull, lt, min, notInArray, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/index';
import { blindSpots, buildTargets, hazards, stations, towns } from '../../db/schema/field';
import type { Logger } from '../log';
import { today } from './dates';
import { DISTRICT } from './progress';

type Sample = [labels: Record<string, string>, value: number];

/** The year ('YYYY') of 'YYYY-MM-DD' text. */
const yearOf = (date: SQLiteColumn | SQL) => sql<string>`substr(${date}, 1, 4)`;

/**
 * Field build-out gauges, aggregated in SQL at scrape time. A failing query logs and leaves the
 * gauge empty instead of failing the whole scrape.
 */
export function registerFieldMetrics(registry: Registry, db: Db, log: Logger): void {
  // The gauge is reset and filled in one step once its query is back, so overlapping scrapes never mix.
  const gauge = (name: string, help: string, labelNames: string[], read: () => Promise<Sample[]>) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        let samples: Sample[] = [];
        try {
          samples = await read();
        } catch (e) {
          log.error('field metrics query failed', { metric: name, error: (e as Error).message });
        }
        this.reset();
        for (const [labels, v] of samples) this.set(labels, v);
      },
    });

  gauge('yunet_5g_stations', '5G base stations by town, operator and status.', ['town', 'operator', 'status'], async () =>
    (
      await db
        .select({ town: towns.name, operator: stations.operator, status: stations.status, n: count() })
        .from(stations)
        .innerJoin(towns, eq(towns.id, stations.townId))
        .groupBy(towns.name, stations.operator, stations.status)
    ).map((r) => [{ town: r.town, operator: r.operator, status: r.status }, r.n]),
  );

  const targets = () =>
    db
      .select({ year: buildTargets.year, town: towns.name, target: buildTargets.target })
      .from(buildTargets)
      .innerJoin(towns, eq(towns.id, buildTargets.townId))
      .where(eq(buildTargets.operator, ''));
  // Three gauges read the built counts: one query per scrape, not three (a scrape collects them all at once).
  const builtYear = yearOf(sql`coalesce(${stations.onAirOn}, ${stations.acceptedOn})`);
  let builtCache = { at: 0, rows: Promise.resolve([] as { year: string; town: string; n: number }[]) };
  const built = () => {
    if (Date.now() - builtCache.at > 1000) {
      const rows = db
        .select({ year: builtYear, town: towns.name, n: count() })
        .from(stations)
        .innerJoin(towns, eq(towns.id, stations.townId))
        .where(inArray(stations.status, ['on_air', 'accepted']))
        .groupBy(builtYear, towns.name)
        .then((r) => r);
      builtCache = { at: Date.now(), rows };
      // A failed read is not kept for the next scrapes.
      rows.catch(() => builtCache.rows === rows && (builtCache.at = 0));
    }
    return builtCache.rows;
  };
  const withDistrict = (list: { year: string; town: string; v: number }[]) => {
    const sums = new Map<string, number>();
    for (const r of list) sums.set(r.year, (sums.get(r.year) ?? 0) + r.v);
    return [...list, ...[...sums].map(([year, v]) => ({ year, town: DISTRICT, v }))];
  };

  gauge('yunet_5g_build_target', 'Yearly 5G build target per town (town="全区" for the district).', ['year', 'town'], async () =>
    withDistrict((await targets()).map((t) => ({ year: String(t.year), town: t.town, v: t.target }))).map((r) => [{ year: r.year, town: r.town }, r.v]),
  );
  gauge('yunet_5g_built', '5G stations that went on air in the year per town (town="全区" for the district).', ['year', 'town'], async () =>
    withDistrict((await built()).map((b) => ({ year: b.year, town: b.town, v: b.n }))).map((r) => [{ year: r.year, town: r.town }, r.v]),
  );
  gauge('yunet_5g_build_completion_ratio', 'Built / target for the year per town (1 = 100%; town="全区" for the district).', ['year', 'town'], async () => {
    const [builtRows, targetRows] = await Promise.all([built(), targets()]);
    const b = new Map(withDistrict(builtRows.map((x) => ({ year: x.year, town: x.town, v: x.n }))).map((r) => [`${r.year}/${r.town}`, r.v]));
    return withDistrict(targetRows.map((x) => ({ year: String(x.year), town: x.town, v: x.target })))
      .filter((t) => t.v > 0)
      .map((t): Sample => [{ year: t.year, town: t.town }, (b.get(`${t.year}/${t.town}`) ?? 0) / t.v]);
  });

  gauge('yunet_blind_spots', 'Coverage blind spots by town, category and status.', ['town', 'category', 'status'], async () =>
    (
      await db
        .select({ town: towns.name, category: blindSpots.category, status: blindSpots.status, n: count() })
        .from(blindSpots)
        .innerJoin(towns, eq(towns.id, blindSpots.townId))
        .groupBy(towns.name, blindSpots.category, blindSpots.status)
    ).map((r) => [{ town: r.town, category: r.category, status: r.status }, r.n]),
  );
  gauge('yunet_blind_spot_open_age_days_max', 'Age in days of the oldest blind spot still open, per town.', ['town'], async () => {
    // The oldest report date per town; its age in days is worked out here (date arithmetic differs per database).
    const on = Date.parse(`${today()}T00:00:00Z`);
    const rows = await db
      .select({ town: towns.name, oldest: min(blindSpots.reportedOn) })
      .from(blindSpots)
      .innerJoin(towns, eq(towns.id, blindSpots.townId))
      .where(notInArray(blindSpots.status, ['resolved', 'closed_unresolvable']))
      .groupBy(towns.name);
    return rows.map((r) => [{ town: r.town }, (on - Date.parse(`${r.oldest}T00:00:00Z`)) / 86_400_000]);
  });

  gauge('yunet_line_hazards', 'Three-line hazards by town, line type, severity and status.', ['town', 'line_type', 'severity', 'status'], async () =>
    (
      await db
        .select({ town: towns.name, lineType: hazards.lineType, severity: hazards.severity, status: hazards.status, n: count() })
        .from(hazards)
        .innerJoin(towns, eq(towns.id, hazards.townId))
        .groupBy(towns.name, hazards.lineType, hazards.severity, hazards.status)
    ).map((r) => [{ town: r.town, line_type: r.lineType, severity: r.severity, status: r.status }, r.n]),
  );
  gauge('yunet_line_hazards_overdue', 'Hazards past their deadline and not remediated, by town and owning organisation.', ['town', 'owner'], async () =>
    (
      await db
        .select({ town: towns.name, owner: hazards.owner, n: count() })
        .from(hazards)
        .innerJoin(towns, eq(towns.id, hazards.townId))
        .where(and(notInArray(hazards.status, ['remediated', 'verified']), lt(hazards.deadline, today())))
        .groupBy(towns.name, hazards.owner)
    ).map((r) => [{ town: r.town, owner: r.owner }, r.n]),
  );
  gauge('yunet_line_hazards_remediated', 'Hazards remediated in the year per town (town="全区" for the district).', ['year', 'town'], async () => {
    const year = yearOf(hazards.remediatedOn);
    const list = await db
      .select({ year, town: towns.name, n: count() })
      .from(hazards)
      .innerJoin(towns, eq(towns.id, hazards.townId))
      .where(isNotNull(hazards.remediatedOn))
      .groupBy(year, towns.name);
    return withDistrict(list.map((x) => ({ year: x.year, town: x.town, v: x.n }))).map((r) => [{ year: r.year, town: r.town }, r.v]);
  });
}
