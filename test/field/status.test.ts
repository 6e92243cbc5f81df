import { describe, expect, it } from 'vitest';
import { blindSpotMachine, dateErrors, datesAfterMove, direction, hazardMachine, stationMachine, transitionError } from '../../src/field/status';
import { normaliseDate } from '../../src/field/dates';

const coordinator = { name: 'c', role: 'coordinator' as const };
const admin = { name: 'a', role: 'admin' as const };

describe('station status machine', () => {
  it('moves forward, skipping steps, without a reason', () => {
    expect(direction(stationMachine, 'planned', 'approved')).toBe('forward');
    expect(direction(stationMachine, 'planned', 'on_air')).toBe('forward');
    expect(transitionError(stationMachine, 'approved', 'on_air', coordinator)).toBeNull();
    expect(transitionError(stationMachine, 'under_construction', 'cancelled', coordinator)).toBeNull();
  });

  it('refuses moving back unless an admin gives a reason', () => {
    expect(transitionError(stationMachine, 'on_air', 'approved', coordinator)).toMatch(/needs the admin role/);
    expect(transitionError(stationMachine, 'on_air', 'approved', admin)).toMatch(/^reason: .*needs a reason/);
    expect(transitionError(stationMachine, 'on_air', 'approved', admin, '  ')).toMatch(/needs a reason/);
    expect(transitionError(stationMachine, 'on_air', 'approved', admin, 'wrong site surveyed')).toBeNull();
    // Leaving cancelled and cancelling an accepted station are moves back too.
    expect(transitionError(stationMachine, 'cancelled', 'planned', coordinator)).toMatch(/admin/);
    expect(transitionError(stationMachine, 'accepted', 'cancelled', coordinator)).toMatch(/admin/);
  });

  it('names an unknown status', () => {
    expect(transitionError(stationMachine, 'planned', 'built' as never, coordinator)).toMatch(/unknown station status "built"/);
  });

  it('sets the date of the reached status and clears later ones on a move back', () => {
    const d = datesAfterMove(stationMachine, 'planned', 'on_air', {}, '2023-06-01');
    expect(d).toEqual({ on_air_on: '2023-06-01' });
    const back = datesAfterMove(stationMachine, 'accepted', 'powered', { approved_on: '2023-01-01', powered_on: '2023-05-01', on_air_on: '2023-06-01', accepted_on: '2023-07-01' }, '2023-08-01');
    expect(back).toEqual({ approved_on: '2023-01-01', powered_on: '2023-05-01', on_air_on: null, accepted_on: null, cancelled_on: null });
    // Moving forward keeps a date already given.
    expect(datesAfterMove(stationMachine, 'approved', 'on_air', { on_air_on: '2023-03-03' }, '2023-09-09').on_air_on).toBe('2023-03-03');
  });
});

describe('date consistency', () => {
  const now = '2024-01-01';
  it('accepts ordered dates up to the current status', () => {
    expect(dateErrors(stationMachine, 'on_air', { approved_on: '2023-01-05', powered_on: '2023-05-01', on_air_on: '2023-05-01' }, now)).toEqual([]);
  });
  it('refuses on_air before approved', () => {
    expect(dateErrors(stationMachine, 'on_air', { approved_on: '2023-06-05', on_air_on: '2023-05-01' }, now)).toEqual([['on_air_on', '2023-05-01 is before approved_on 2023-06-05']]);
  });
  it('refuses a date for a status not reached, a missing current date, a future or impossible date', () => {
    expect(dateErrors(stationMachine, 'approved', { approved_on: '2023-01-01', on_air_on: '2023-02-01' }, now)).toEqual([['on_air_on', 'set but the station is approved, not yet on_air']]);
    expect(dateErrors(stationMachine, 'on_air', {}, now)).toEqual([['on_air_on', 'required for status on_air']]);
    expect(dateErrors(stationMachine, 'powered', {}, now)).toEqual([]);
    expect(dateErrors(stationMachine, 'approved', { approved_on: '2024-03-01' }, now)).toEqual([['approved_on', '2024-03-01 is in the future']]);
    expect(dateErrors(stationMachine, 'approved', { approved_on: '2023-02-30' }, now)[0][1]).toMatch(/not a date/);
  });
  it('checks status dates against the record start date', () => {
    expect(dateErrors(hazardMachine, 'remediated', { found_on: '2023-05-01', remediated_on: '2023-04-01' }, now)).toEqual([['remediated_on', '2023-04-01 is before found_on 2023-05-01']]);
    expect(dateErrors(blindSpotMachine, 'closed_unresolvable', { reported_on: '2023-05-01', closed_on: '2023-06-01' }, now)).toEqual([]);
    expect(dateErrors(blindSpotMachine, 'open', { reported_on: '2023-05-01', resolved_on: '2023-06-01' }, now)).toHaveLength(1);
  });
  it('reads the date spellings of spreadsheets', () => {
    expect(normaliseDate('2023/5/1')).toBe('2023-05-01');
    expect(normaliseDate('2023年5月1日')).toBe('2023-05-01');
    expect(normaliseDate('2023-02-29')).toBeNull();
    expect(normaliseDate('5/1/2023')).toBeNull();
  });
});
