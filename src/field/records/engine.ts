import type { Database } from 'better-sqlite3';
import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { audit } from '../audit';
import { today as todayInShanghai } from '../dates';
import { dateErrors, datesAfterMove, transitionError, type Actor } from '../status';
import type { Kind } from './kinds';
import type { Lookups } from './lookups';

/** A stored row as drizzle properties (camelCase), a record as the API shows it (snake_case keys). */
export type Row = Record<string, unknown>;
export type RecordView = Record<string, unknown>;
export type FieldErrors = [string, string][];

/** The API / export view of a row: names instead of ids, dates as stored. */
export function view(kind: Kind, row: Row, lk: Lookups): RecordView {
  const out: RecordView = { id: row.id };
  for (const f of kind.fields) {
    const v = row[f.prop];
    if (f.type === 'town') out[f.key] = lk.townName.get(v as number) ?? null;
    else if (f.type === 'village') out[f.key] = v == null ? null : lk.villageName(v as number);
    else if (f.type === 'station') out[f.key] = v == null ? null : lk.stationCode(v as number);
    else out[f.key] = v ?? null;
  }
  out.demo = !!row.demo;
  out.updated_at = row.updatedAt instanceof Date ? row.updatedAt.toISOString() : new Date(Number(row.updatedAt) * 1000).toISOString();
  return out;
}

export interface Prepared {
  /** The record before the change (null when new). */
  before: RecordView | null;
  /** Drizzle properties to store (the whole row but id). */
  values: Row;
  after: RecordView;
  errors: FieldErrors;
  changed: boolean;
  statusChanged: boolean;
}

export interface PrepareOptions {
  reason?: string | null;
  today?: string;
  demo?: boolean;
}

/**
 * Merges validated input into a record (or a new one), applies the status move with its dates and
 * checks every rule: transitions, date order, cross-field rules, known towns and references.
 * Pure apart from reading lookups and creating villages on first use.
 */
export function prepare(kind: Kind, lk: Lookups, before: Row | null, input: Record<string, unknown>, actor: Actor, opts: PrepareOptions = {}): Prepared {
  const m = kind.machine;
  const errors: FieldErrors = [];
  const prev = before ? view(kind, before, lk) : null;
  const merged: RecordView = prev ? { ...prev } : { status: m.flow[0] };
  for (const f of kind.fields) if (input[f.key] !== undefined) merged[f.key] = input[f.key];
  if (merged.status == null) merged.status = m.flow[0];

  const from = (prev?.status as string | undefined) ?? null;
  const to = merged.status as string;
  let statusChanged = false;
  if (from !== null && from !== to) {
    const err = transitionError(m, from, to, actor, opts.reason);
    if (err) errors.push([err.slice(0, err.indexOf(':')), err.slice(err.indexOf(':') + 2)]);
    else {
      const df = m.dateField[to];
      const date = (df && (input[df] as string | undefined)) || opts.today || todayInShanghai();
      Object.assign(merged, datesAfterMove(m, from, to, merged as Record<string, string | null>, date));
      statusChanged = true;
    }
  }
  if (!errors.length) errors.push(...dateErrors(m, to, merged as Record<string, string | null>, opts.today ?? todayInShanghai()));
  errors.push(...kind.check(merged));

  const values: Row = {};
  let townId: number | undefined;
  for (const f of kind.fields) {
    const v = merged[f.key];
    if (f.type === 'town') {
      townId = lk.townId.get(v as string);
      if (townId === undefined) errors.push([f.key, `unknown town "${String(v)}" (towns: ${lk.townList()})`]);
      values[f.prop] = townId ?? null;
    } else if (f.type === 'village') {
      values[f.prop] = v == null || townId === undefined ? null : lk.village(townId, v as string);
    } else if (f.type === 'station') {
      const id = v == null ? null : lk.stationId(v as string);
      if (v != null && id === null) errors.push([f.key, `unknown station code "${String(v)}"`]);
      values[f.prop] = id;
    } else if (f.type === 'inspection') {
      if (v != null && !lk.inspectionExists(v as number)) errors.push([f.key, `unknown inspection ${String(v)}`]);
      values[f.prop] = v ?? null;
    } else values[f.prop] = v ?? undefined; // undefined → the column default (builder) or NULL
  }
  values.demo = before ? before.demo : !!opts.demo;
  const now = new Date();
  values.createdAt = before ? before.createdAt : now;
  values.updatedAt = now;
  const after: RecordView = { ...merged, id: before?.id ?? null, demo: values.demo, updated_at: now.toISOString() };
  const changed = !prev || kind.fields.some((f) => (prev[f.key] ?? null) !== (merged[f.key] ?? null));
  return { before: prev, values, after, errors, changed, statusChanged };
}

type AuditAction = 'create' | 'transition' | 'update' | 'delete' | 'import';

/** Prepared INSERT / UPDATE of a whole row, values mapped through drizzle's column encoders. */
export class RowWriter {
  private readonly cols: [string, SQLiteColumn][];
  private readonly ins;
  private readonly upd;
  constructor(
    private readonly sqlite: Database,
    private readonly kind: Kind,
  ) {
    const table = getTableName(kind.table);
    this.cols = Object.entries(getTableColumns(kind.table) as Record<string, SQLiteColumn>).filter(([p]) => p !== 'id');
    this.ins = sqlite.prepare(`INSERT INTO "${table}" (${this.cols.map(([, c]) => `"${c.name}"`).join(',')}) VALUES (${this.cols.map(() => '?').join(',')})`);
    this.upd = sqlite.prepare(`UPDATE "${table}" SET ${this.cols.map(([, c]) => `"${c.name}" = ?`).join(',')} WHERE id = ?`);
  }
  private encode(values: Row): unknown[] {
    return this.cols.map(([p, c]) => {
      let v = values[p];
      if (v === undefined) v = c.defaultFn ? c.defaultFn() : (c.default ?? null);
      return v === null ? null : c.mapToDriverValue(v);
    });
  }
  insert(values: Row): number {
    return Number(this.ins.run(...this.encode(values)).lastInsertRowid);
  }
  update(id: number, values: Row): void {
    this.upd.run(...this.encode(values), id);
  }
  /**
   * The one record write of the API, the pages and the import: a prepared change stored (row inserted or
   * updated) with its audit row, inside the caller's transaction. Returns the record's id.
   */
  write(before: Row | null, p: Prepared, actor: Actor, action: AuditAction, reason?: string | null): number {
    const id = before ? (before.id as number) : this.insert(p.values);
    if (before) this.update(id, p.values);
    auditChange(this.sqlite, this.kind, actor, id, p.before, p.after, action, reason);
    return id;
  }
}

/** Prepared single-row reads by a column, mapped to drizzle properties through its column decoders. */
export class RowReader {
  private readonly cols: [string, SQLiteColumn][];
  private readonly stmt;
  constructor(sqlite: Database, kind: Kind, column: 'id' | 'code') {
    this.cols = Object.entries(getTableColumns(kind.table) as Record<string, SQLiteColumn>);
    this.stmt = sqlite.prepare(`SELECT ${this.cols.map(([, c]) => `"${c.name}"`).join(',')} FROM "${getTableName(kind.table)}" WHERE "${column}" = ?`).raw();
  }
  get(key: string | number): Row | null {
    const values = this.stmt.get(key) as unknown[] | undefined;
    if (!values) return null;
    const row: Row = {};
    this.cols.forEach(([p, c], i) => (row[p] = values[i] == null ? null : c.mapFromDriverValue(values[i])));
    return row;
  }
}

export function formatErrors(errors: FieldErrors): string {
  return errors.map(([k, m]) => `${k}: ${m}`).join('; ');
}

/** Audit action of a prepared change. */
export function actionOf(before: Row | null, p: Prepared): 'create' | 'transition' | 'update' {
  return !before ? 'create' : p.statusChanged ? 'transition' : 'update';
}

export function auditChange(sqlite: Database, kind: Kind, actor: Actor, id: number, before: RecordView | null, after: RecordView, action: AuditAction, reason?: string | null) {
  audit(sqlite, { actor, entity: kind.entity, entityId: id, action, before: before ?? undefined, after: { ...after, id }, reason });
}
