import type { DrillRow } from '../../db/schema/drills';
import { isActive } from './store';

/** A drill as the API and the pages show it. */
export function drillView(d: DrillRow, now = new Date()) {
  return {
    id: d.id,
    name: d.name,
    starts_at: d.startsAt.toISOString(),
    ends_at: d.endsAt.toISOString(),
    scope: d.scopeUnits === null ? ('all' as const) : { units: d.scopeUnits },
    notes: d.notes,
    active: isActive(d, now),
    created_by: d.createdBy,
  };
}
