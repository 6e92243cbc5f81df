import { blindSpotStatuses, hazardStatuses, stationStatuses, type BlindSpotStatus, type HazardStatus, type StationStatus } from '../../db/schema/field';
import type { Role } from '../../db/schema/auth';
import { isIsoDate, today } from './dates';

/**
 * Status machines of the field records, pure: a forward flow, an optional side exit (cancelled,
 * closed_unresolvable) and the date field set when a status is reached. Moving forward (skipping
 * steps is fine) is open to coordinators; anything else is a move back and needs an admin and a reason.
 */
export interface Machine<S extends string = string> {
  entity: string;
  flow: readonly S[];
  /** Reachable from every flow status but the last one. */
  side: S | null;
  /** Status → the record field holding the date it was reached. */
  dateField: Partial<Record<S, string>>;
  /** The record's first date (reported, found): every status date is on or after it. */
  startField: string | null;
  /** Statuses whose date the figures depend on (built, resolved, remediated): required, not only allowed. */
  mustBeDated: readonly S[];
}

export const stationMachine: Machine<StationStatus> = {
  entity: 'station',
  flow: stationStatuses.filter((s) => s !== 'cancelled'),
  side: 'cancelled',
  dateField: {
    approved: 'approved_on',
    site_ready: 'site_ready_on',
    under_construction: 'construction_on',
    powered: 'powered_on',
    on_air: 'on_air_on',
    accepted: 'accepted_on',
    cancelled: 'cancelled_on',
  },
  startField: null,
  mustBeDated: ['on_air', 'accepted', 'cancelled'],
};

export const blindSpotMachine: Machine<BlindSpotStatus> = {
  entity: 'blind_spot',
  flow: blindSpotStatuses.filter((s) => s !== 'closed_unresolvable'),
  side: 'closed_unresolvable',
  dateField: { resolved: 'resolved_on', closed_unresolvable: 'closed_on' },
  startField: 'reported_on',
  mustBeDated: ['resolved', 'closed_unresolvable'],
};

export const hazardMachine: Machine<HazardStatus> = {
  entity: 'hazard',
  flow: hazardStatuses,
  side: null,
  dateField: { assigned: 'assigned_on', remediating: 'remediating_on', remediated: 'remediated_on', verified: 'verified_on' },
  startField: 'found_on',
  mustBeDated: ['remediated', 'verified'],
};

export type Direction = 'none' | 'forward' | 'backward';

export function direction<S extends string>(m: Machine<S>, from: S, to: S): Direction {
  if (from === to) return 'none';
  const last = m.flow[m.flow.length - 1];
  if (to === m.side) return from !== last ? 'forward' : 'backward';
  if (from === m.side) return 'backward';
  return m.flow.indexOf(to) > m.flow.indexOf(from) ? 'forward' : 'backward';
}

export interface Actor {
  name: string;
  role: Role;
}

/** Null when the move is allowed, else the reason it is not. */
export function transitionError<S extends string>(m: Machine<S>, from: S, to: S, actor: Actor, reason?: string | null): string | null {
  if (!isStatus(m, to)) return `status: unknown ${m.entity} status "${to}" (expected one of ${[...m.flow, ...(m.side ? [m.side] : [])].join(', ')})`;
  if (direction(m, from, to) !== 'backward') return null;
  if (actor.role !== 'admin') return `status: moving a ${m.entity} back from ${from} to ${to} needs the admin role`;
  if (!reason || !reason.trim()) return `reason: moving a ${m.entity} back from ${from} to ${to} needs a reason`;
  return null;
}

export function isStatus<S extends string>(m: Machine<S>, s: string): s is S {
  return (m.flow as readonly string[]).includes(s) || s === m.side;
}

export type Dates = Record<string, string | null | undefined>;

/**
 * The dates after a move to `to` on `date`: the new status's date is set unless already known;
 * on a move back, dates of the statuses after `to` (and of the side exit) are cleared.
 */
export function datesAfterMove<S extends string>(m: Machine<S>, from: S, to: S, dates: Dates, date: string): Dates {
  const next: Dates = { ...dates };
  const dir = direction(m, from, to);
  if (dir === 'none') return next;
  if (dir === 'backward') {
    const keep = to === m.side ? m.flow.length : m.flow.indexOf(to) + 1;
    m.flow.slice(keep).forEach((s) => {
      const f = m.dateField[s];
      if (f) next[f] = null;
    });
    if (m.side && to !== m.side && m.dateField[m.side]) next[m.dateField[m.side]!] = null;
  }
  const f = m.dateField[to];
  if (f && !next[f]) next[f] = date;
  return next;
}

/**
 * Date consistency of a record in `status`: each date a real date not in the future, no date for a
 * status not reached, the statuses the figures count (on_air, resolved, remediated, …) dated, and dates in flow order (no on_air before approved).
 * Returns [field, message] pairs.
 */
export function dateErrors<S extends string>(m: Machine<S>, status: S, dates: Dates, now: string = today()): [string, string][] {
  const errors: [string, string][] = [];
  const fields = [m.startField, ...Object.values<string | undefined>(m.dateField)].filter((f): f is string => !!f);
  for (const f of fields) {
    const v = dates[f];
    if (v == null) continue;
    if (!isIsoDate(v)) errors.push([f, `"${v}" is not a date (YYYY-MM-DD)`]);
    else if (v > now) errors.push([f, `${v} is in the future`]);
  }
  if (errors.length) return errors;

  const reachedIdx = status === m.side ? m.flow.length - 1 : m.flow.indexOf(status);
  m.flow.forEach((s, i) => {
    const f = m.dateField[s];
    if (f && i > reachedIdx && dates[f] != null) errors.push([f, `set but the ${m.entity} is ${status}, not yet ${s}`]);
  });
  const sideField = m.side ? m.dateField[m.side] : undefined;
  if (sideField && status !== m.side && dates[sideField] != null) errors.push([sideField, `set but the ${m.entity} is ${status}`]);
  const own = m.dateField[status];
  if (own && m.mustBeDated.includes(status) && dates[own] == null) errors.push([own, `required for status ${status}`]);

  // Dated statuses in order, the side exit last, the start date first.
  const ordered: [string, string][] = [];
  if (m.startField && dates[m.startField]) ordered.push([m.startField, dates[m.startField]!]);
  for (const s of m.flow) {
    const f = m.dateField[s];
    if (f && dates[f]) ordered.push([f, dates[f]!]);
  }
  if (sideField && dates[sideField]) ordered.push([sideField, dates[sideField]!]);
  let latest: [string, string] | null = null;
  for (const [f, v] of ordered) {
    if (latest && v < latest[1]) errors.push([f, `${v} is before ${latest[0]} ${latest[1]}`]);
    else latest = [f, v];
  }
  return errors;
}
