import { and, count, eq, inArray, isNotNull, like, lt, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { getTableColumns } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../../db/index';
import { DomainError } from '../../errors';
import { today } from '../dates';
import { sqliteOf } from '../sqlite';
import type { Actor } from '../status';
import { actionOf, auditChange, formatErrors, prepare, RowReader, RowWriter, view, type RecordView, type Row } from './engine';
import type { Kind } from './kinds';
import { Lookups } from './lookups';
import { groupCommit } from './group-commit';

/** Record reads and writes for the API and the pages; each write and its audit entry in one transaction. */
export class RecordService {
  private writer: RowWriter | null = null;
  private readonly byKey: RowReader;
  private readonly byId: RowReader;
  private readonly saveTx;
  constructor(
    private readonly db: Db,
    readonly kind: Kind,
  ) {
    // Prepared once: a status update is a hot path (thousands per second).
    this.byKey = new RowReader(this.sqlite, kind, kind.idKey);
    this.byId = new RowReader(this.sqlite, kind, 'id');
    this.saveTx = this.sqlite.transaction((key: string | null, input: Record<string, unknown>, actor: Actor, reason?: string | null) => this.saveInTx(key, input, actor, reason));
  }

  private get sqlite() {
    return sqliteOf(this.db);
  }
  private col(prop: string): SQLiteColumn {
    return (getTableColumns(this.kind.table) as Record<string, SQLiteColumn>)[prop];
  }

  lookups(): Lookups {
    return new Lookups(this.sqlite);
  }

  findRow(key: string): Row | null {
    const k = this.kind;
    if (k.idKey === 'code') return this.byKey.get(key);
    if (!/^\d+$/.test(key)) throw new DomainError('invalid', `id: "${key}" is not a ${k.entity} id (a positive integer)`);
    return this.byId.get(Number(key));
  }

  get(key: string): RecordView {
    const row = this.findRow(key);
    if (!row) throw new DomainError('not_found', `${this.kind.entity} "${key}" not found`);
    return view(this.kind, row, this.lookups());
  }

  /** Filters: any field by its key (comma-separated values for several), q (name/code contains), overdue, built_year. */
  list(query: Record<string, string | undefined>): { items: RecordView[]; total: number; page: number; per_page: number } {
    const k = this.kind;
    const lk = this.lookups();
    const page = intParam(query.page, 'page', 1, 1_000_000) ?? 1;
    const perPage = intParam(query.per_page, 'per_page', 1, 1000) ?? 50;
    const conds: SQL[] = [];
    for (const f of k.fields) {
      const raw = query[f.key];
      if (raw === undefined || raw === '') continue;
      const values = raw.split(',').map((s) => s.trim());
      const col = this.col(f.prop);
      if (f.type === 'town') {
        const ids = values.map((v) => lk.townId.get(v) ?? fail(f.key, `unknown town "${v}"`));
        conds.push(inArray(col, ids));
      } else if (f.type === 'village') {
        const ids = (this.sqlite.prepare(`SELECT id FROM villages WHERE name IN (${values.map(() => '?').join(',')})`).all(...values) as { id: number }[]).map((r) => r.id);
        conds.push(inArray(col, ids.length ? ids : [-1]));
      } else if (f.type === 'enum') {
        for (const v of values) if (!f.schema.safeParse(v).success) fail(f.key, `"${v}" is not a valid value`);
        conds.push(inArray(col, values));
      } else if (f.type === 'int' || f.type === 'inspection') {
        conds.push(inArray(col, values.map((v) => intParam(v, f.key, -1e9, 1e9)!)));
      } else if (f.type === 'text') conds.push(inArray(col, values));
    }
    if (query.q) {
      const pat = `%${query.q.replace(/[%_\\]/g, (c) => '\\' + c)}%`;
      const nameLike = sql`${this.col('name') ?? this.col('owner')} LIKE ${pat} ESCAPE '\\'`;
      conds.push(k.idKey === 'code' ? or(nameLike, sql`${this.col('code')} LIKE ${pat} ESCAPE '\\'`)! : nameLike);
    }
    if (query.overdue === 'true' && k.name === 'hazards')
      conds.push(and(isNotNull(this.col('deadline')), lt(this.col('deadline'), today()), notInArray(this.col('status'), ['remediated', 'verified']))!);
    if (query.built_year && k.name === 'stations') {
      const y = intParam(query.built_year, 'built_year', 2000, 2100)!;
      conds.push(and(inArray(this.col('status'), ['on_air', 'accepted']), like(sql`coalesce(${this.col('onAirOn')}, ${this.col('acceptedOn')})`, `${y}-%`))!);
    }
    const where = conds.length ? and(...conds) : undefined;
    const total = this.db.select({ n: count() }).from(k.table).where(where).get()!.n;
    const rows = this.db.select().from(k.table).where(where).orderBy(this.col('id')).limit(perPage).offset((page - 1) * perPage).all() as Row[];
    return { items: rows.map((r) => view(k, r, lk)), total, page, per_page: perPage };
  }

  /** Creates (key null) or changes a record; status moves follow the machine. Throws DomainError unprocessable with every problem. */
  save(key: string | null, input: Record<string, unknown>, actor: Actor, reason?: string | null): { record: RecordView; created: boolean } {
    return this.saveTx(key, input, actor, reason);
  }

  /** save() through group commit: the API's path, where many writes arrive at once. */
  saveGrouped(key: string | null, input: Record<string, unknown>, actor: Actor, reason?: string | null): Promise<{ record: RecordView; created: boolean }> {
    return groupCommit(this.sqlite).run(() => this.saveInTx(key, input, actor, reason));
  }

  private saveInTx(key: string | null, input: Record<string, unknown>, actor: Actor, reason?: string | null): { record: RecordView; created: boolean } {
    const k = this.kind;
    const lk = this.lookups();
    const before = key === null ? null : this.findRow(key);
    if (key !== null && !before) throw new DomainError('not_found', `${k.entity} "${key}" not found`);
    if (!before && k.idKey === 'code' && typeof input.code === 'string' && this.findRow(input.code))
      throw new DomainError('conflict', `code: a station with code "${input.code}" already exists`);
    if (before && k.idKey === 'code' && input.code !== undefined && input.code !== before.code && this.findRow(String(input.code)))
      throw new DomainError('conflict', `code: a station with code "${input.code}" already exists`);
    const p = prepare(k, lk, before, input, actor, { reason });
    if (p.errors.length) throw new DomainError('unprocessable', `${k.entity}${key ? ` "${key}"` : ''}: ${formatErrors(p.errors)}`, p.errors.map(([f, m]) => `${f}: ${m}`));
    const w = (this.writer ??= new RowWriter(this.sqlite, k));
    if (!p.changed) return { record: view(k, before!, lk), created: false };
    const id = w.write(before, p, actor, actionOf(before, p), reason);
    // A change's view is complete already; a new row is read back for the column defaults.
    return { record: before ? { ...p.after, id } : view(k, this.byId.get(id)!, lk), created: !before };
  }

  remove(key: string, actor: Actor, reason?: string | null): void {
    const k = this.kind;
    this.sqlite.transaction(() => {
      const before = this.findRow(key);
      if (!before) throw new DomainError('not_found', `${k.entity} "${key}" not found`);
      const v = view(k, before, this.lookups());
      this.db.delete(k.table).where(eq(this.col('id'), before.id as number)).run();
      auditChange(this.sqlite, k, actor, before.id as number, v, { deleted: true }, 'delete', reason);
    })();
  }
}

function fail(key: string, message: string): never {
  throw new DomainError('invalid', `${key}: ${message}`);
}

function intParam(v: string | undefined, key: string, min: number, max: number): number | undefined {
  if (v === undefined || v === '') return undefined;
  if (!/^-?\d+$/.test(v) || Number(v) < min || Number(v) > max) fail(key, `"${v}" is not an integer between ${min} and ${max}`);
  return Number(v);
}
