import { eq, getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../../db/index';
import { audit, type AuditBatch, type AuditEntry } from '../audit';
import { today as todayInShanghai } from '../dates';
import { dateErrors, datesAfterMove, transitionError, type Actor } from '../status';
import type { Kind } from './kinds';
import type { Lookups } from './lookups';
import { prepared } from './prepared';

/** A stored row as drizzle properties (camelCase), a record as the API shows it (snake_case keys). */
export type Row = Record<string, unknown>;
export type RecordView = Record<string, unknown>;
export type FieldErrors = [string, string][];

/** The API / export view of a row: names instead of ids, dates as stored. */
export async function view(kind: Kind, row: Row, lk: Lookups): Promise<RecordView> {
  const out: RecordView = { id: row.id };
  for (const f of kind.fields) {
    const v = row[f.prop];
    if (f.type === 'town') out[f.key] = lk.townName.get(v as number) ?? null;
    else if (f.type === 'village') out[f.key] = v == null ? null : await lk.villageName(v as number);
    else if (f.type === 'station') out[f.key] = v == null ? null : await lk.stationCode(v as number);
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
export async function prepare(kind: Kind, lk: Lookups, before: Row | null, input: Record<string, unknown>, actor: Actor, opts: PrepareOptions = {}): Promise<Prepared> {
  const m = kind.machine;
  const errors: FieldErrors = [];
  const prev = before ? await view(kind, before, lk) : null;
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
      values[f.prop] = v == null || townId === undefined ? null : await lk.village(townId, v as string);
    } else if (f.type === 'station') {
      const id = v == null ? null : await lk.stationId(v as string);
      if (v != null && id === null) errors.push([f.key, `unknown station code "${String(v)}"`]);
      values[f.prop] = id;
    } else if (f.type === 'inspection') {
      if (v != null && !(await lk.inspectionExists(v as number))) errors.push([f.key, `unknown inspection ${String(v)}`]);
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

/** Whole-row INSERT / UPDATE of a kind through `db` (the caller's transaction). */
export class RowWriter {
  private readonly cols: [string, SQLiteColumn][];
  /** `audits`: where a bulk change collects its audit entries (else each is written with its record). */
  constructor(
    private readonly db: Db,
    private readonly kind: Kind,
    private readonly audits?: AuditBatch,
  ) {
    this.cols = Object.entries(getTableColumns(kind.table) as Record<string, SQLiteColumn>).filter(([p]) => p !== 'id');
  }
  /** Every column as the driver stores it: undefined → the column default (builder) or NULL. */
  private encode(values: Row): Row {
    const out: Row = {};
    for (const [p, c] of this.cols) {
      const v = values[p] !== undefined ? values[p] : c.defaultFn ? c.defaultFn() : (c.default ?? null);
      out[p] = v === null ? null : c.mapToDriverValue(v);
    }
    return out;
  }
  /** Each column's value as a placeholder, passed as encode() gives it (drizzle's encoders would map NULL too). */
  private placeholders(): Record<string, SQL> {
    return Object.fromEntries(this.cols.map(([p]) => [p, sql`${sql.placeholder(p)}`]));
  }
  async insert(values: Row): Promise<number> {
    const table = this.kind.table as SQLiteTable & { id: SQLiteColumn };
    const q = prepared(this.db, `insert ${getTableName(table)}`, (db) => db.insert(table).values(this.placeholders()).returning({ id: table.id }).prepare());
    const [row] = await q.execute(this.encode(values));
    return row.id as number;
  }
  async update(id: number, values: Row): Promise<void> {
    const table = this.kind.table as SQLiteTable & { id: SQLiteColumn };
    const q = prepared(this.db, `update ${getTableName(table)}`, (db) => db.update(table).set(this.placeholders()).where(eq(table.id, sql.placeholder('id'))).prepare());
    await q.execute({ ...this.encode(values), id });
  }
  /**
   * The one record write of the API, the pages and the import: a prepared change stored (row inserted or
   * updated) with its audit row, inside the caller's transaction. Returns the record's id.
   */
  async write(before: Row | null, p: Prepared, actor: Actor, action: AuditAction, reason?: string | null): Promise<number> {
    const id = before ? (before.id as number) : await this.insert(p.values);
    if (before) await this.update(id, p.values);
    if (this.audits) await this.audits.add(auditEntry(this.kind, actor, id, p.before, p.after, action, reason));
    else await auditChange(this.db, this.kind, actor, id, p.before, p.after, action, reason);
    return id;
  }
}

/** The row of a kind whose `column` is `key`, as drizzle properties; null when there is none. */
export async function readRow(db: Db, kind: Kind, column: 'id' | 'code', key: string | number): Promise<Row | null> {
  const table = kind.table as SQLiteTable & Record<'id' | 'code', SQLiteColumn>;
  const q = prepared(db, `row ${getTableName(table)} by ${column}`, (d) => d.select().from(table).where(eq(table[column], sql.placeholder('key'))).prepare());
  const [row] = await q.execute({ key });
  return (row as Row | undefined) ?? null;
}

export function formatErrors(errors: FieldErrors): string {
  return errors.map(([k, m]) => `${k}: ${m}`).join('; ');
}

/** Audit action of a prepared change. */
export function actionOf(before: Row | null, p: Prepared): 'create' | 'transition' | 'update' {
  return !before ? 'create' : p.statusChanged ? 'transition' : 'update';
}

function auditEntry(kind: Kind, actor: Actor, id: number, before: RecordView | null, after: RecordView, action: AuditAction, reason?: string | null): AuditEntry {
  return { actor, entity: kind.entity, entityId: id, action, before: before ?? undefined, after: { ...after, id }, reason };
}

export function auditChange(db: Db, kind: Kind, actor: Actor, id: number, before: RecordView | null, after: RecordView, action: AuditAction, reason?: string | null): Promise<void> {
  return audit(db, auditEntry(kind, actor, id, before, after, action, reason));
}
