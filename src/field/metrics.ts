import { Gauge, type Registry } from 'prom-client';
import type { Database } from 'better-sqlite3';
import type { Logger } from '../log';
import { today } from './dates';
import { DISTRICT } from './progress';

/**
 * Field build-out gauges, aggregated in SQL at scrape time. A failing query logs and leaves the
 * gauge empty instead of failing the whole scrape.
 */
export function registerFieldMetrics(registry: Registry, sqlite: Database, log: Logger): void {
  const gauge = (name: string, help: string, labelNames: string[], fill: (g: Gauge) => void) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        try {
          fill(this);
        } catch (e) {
          log.error('field metrics query failed', { metric: name, error: (e as Error).message });
        }
      },
    });
  const rows = <T>(q: string, ...args: unknown[]) => sqlite.prepare(q).all(...args) as T[];
  const BUILT = `s.status IN ('on_air','accepted')`;
  const BUILT_YEAR = `substr(coalesce(s.on_air_on, s.accepted_on), 1, 4)`;

  gauge('yunet_5g_stations', '5G base stations by town, operator and status.', ['town', 'operator', 'status'], (g) => {
    for (const r of rows<{ town: string; operator: string; status: string; n: number }>(
      'SELECT t.name town, s.operator, s.status, count(*) n FROM stations s JOIN towns t ON t.id = s.town_id GROUP BY 1, 2, 3',
    ))
      g.set({ town: r.town, operator: r.operator, status: r.status }, r.n);
  });

  const targets = () =>
    rows<{ year: number; town: string; target: number }>(
      "SELECT b.year, t.name town, b.target FROM build_targets b JOIN towns t ON t.id = b.town_id WHERE b.operator = ''",
    );
  // Three gauges read the built counts: one query per scrape, not three.
  let builtCache = { at: 0, rows: [] as { year: string; town: string; n: number }[] };
  const built = () => {
    if (Date.now() - builtCache.at > 1000)
      builtCache = {
        at: Date.now(),
        rows: rows<{ year: string; town: string; n: number }>(`SELECT ${BUILT_YEAR} year, t.name town, count(*) n FROM stations s JOIN towns t ON t.id = s.town_id WHERE ${BUILT} GROUP BY 1, 2`),
      };
    return builtCache.rows;
  };
  const withDistrict = (list: { year: string; town: string; v: number }[]) => {
    const sums = new Map<string, number>();
    for (const r of list) sums.set(r.year, (sums.get(r.year) ?? 0) + r.v);
    return [...list, ...[...sums].map(([year, v]) => ({ year, town: DISTRICT, v }))];
  };

  gauge('yunet_5g_build_target', 'Yearly 5G build target per town (town="全区" for the district).', ['year', 'town'], (g) => {
    for (const r of withDistrict(targets().map((t) => ({ year: String(t.year), town: t.town, v: t.target })))) g.set({ year: r.year, town: r.town }, r.v);
  });
  gauge('yunet_5g_built', '5G stations that went on air in the year per town (town="全区" for the district).', ['year', 'town'], (g) => {
    for (const r of withDistrict(built().map((b) => ({ year: b.year, town: b.town, v: b.n })))) g.set({ year: r.year, town: r.town }, r.v);
  });
  gauge('yunet_5g_build_completion_ratio', 'Built / target for the year per town (1 = 100%; town="全区" for the district).', ['year', 'town'], (g) => {
    const b = new Map(withDistrict(built().map((x) => ({ year: x.year, town: x.town, v: x.n }))).map((r) => [`${r.year}/${r.town}`, r.v]));
    for (const t of withDistrict(targets().map((x) => ({ year: String(x.year), town: x.town, v: x.target }))))
      if (t.v > 0) g.set({ year: t.year, town: t.town }, (b.get(`${t.year}/${t.town}`) ?? 0) / t.v);
  });

  gauge('yunet_blind_spots', 'Coverage blind spots by town, category and status.', ['town', 'category', 'status'], (g) => {
    for (const r of rows<{ town: string; category: string; status: string; n: number }>(
      'SELECT t.name town, b.category, b.status, count(*) n FROM blind_spots b JOIN towns t ON t.id = b.town_id GROUP BY 1, 2, 3',
    ))
      g.set({ town: r.town, category: r.category, status: r.status }, r.n);
  });
  gauge('yunet_blind_spot_open_age_days_max', 'Age in days of the oldest blind spot still open, per town.', ['town'], (g) => {
    for (const r of rows<{ town: string; age: number }>(
      "SELECT t.name town, max(julianday(?) - julianday(b.reported_on)) age FROM blind_spots b JOIN towns t ON t.id = b.town_id WHERE b.status NOT IN ('resolved','closed_unresolvable') GROUP BY 1",
      today(),
    ))
      g.set({ town: r.town }, r.age);
  });

  gauge('yunet_line_hazards', 'Three-line hazards by town, line type, severity and status.', ['town', 'line_type', 'severity', 'status'], (g) => {
    for (const r of rows<{ town: string; line_type: string; severity: string; status: string; n: number }>(
      'SELECT t.name town, h.line_type, h.severity, h.status, count(*) n FROM line_hazards h JOIN towns t ON t.id = h.town_id GROUP BY 1, 2, 3, 4',
    ))
      g.set({ town: r.town, line_type: r.line_type, severity: r.severity, status: r.status }, r.n);
  });
  gauge('yunet_line_hazards_overdue', 'Hazards past their deadline and not remediated, by town and owning organisation.', ['town', 'owner'], (g) => {
    for (const r of rows<{ town: string; owner: string; n: number }>(
      "SELECT t.name town, h.owner, count(*) n FROM line_hazards h JOIN towns t ON t.id = h.town_id WHERE h.status NOT IN ('remediated','verified') AND h.deadline < ? GROUP BY 1, 2",
      today(),
    ))
      g.set({ town: r.town, owner: r.owner }, r.n);
  });
  gauge('yunet_line_hazards_remediated', 'Hazards remediated in the year per town (town="全区" for the district).', ['year', 'town'], (g) => {
    const list = rows<{ year: string; town: string; n: number }>(
      'SELECT substr(h.remediated_on, 1, 4) year, t.name town, count(*) n FROM line_hazards h JOIN towns t ON t.id = h.town_id WHERE h.remediated_on IS NOT NULL GROUP BY 1, 2',
    );
    for (const r of withDistrict(list.map((x) => ({ year: x.year, town: x.town, v: x.n })))) g.set({ year: r.year, town: r.town }, r.v);
  });
}
