import { and, count, eq, inArray, isNotNull, like, lt, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { getTableColumns } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../../db/index';
import { villages } from '../../../db/schema/field';
import { DomainError } from '../../errors';
import { today } from '../dates';
import type { Actor } from '../status';
import { actionOf, auditChange, formatErrors, prepare, readRow, RowWriter, view, type RecordView, type Row } from './engine';
import type { Kind } from './kinds';
import { Lookups } from './lookups';
import { groupCommit } from './group-commit';

/** Record reads and writes for the API and the pages; each write and its audit entry in one transaction. */
export class RecordService {
  constructor(
    private readonly db: Db,
    readonly kind: Kind,
  ) {}

  private col(prop: string): SQLiteColumn {
    return (getTableColumns(this.kind.table) as Record<string, SQLiteColumn>)[prop];
  }

  /** Lookups querying through `q`: the caller's transaction when there is one. */
  lookups(q: Db = this.db): Promise<Lookups> {
    return Lookups.load(this.db, q);
  }

  async findRow(key: string, q: Db = this.db): Promise<Row | null> {
    const k = this.kind;
    if (k.idKey === 'code') return readRow(q, k, 'code', key);
    if (!/^\d+$/.test(key)) throw new DomainError('invalid', `id: "${key}" is not a ${k.entity} id (a positive integer)`);
    return readRow(q, k, 'id', Number(key));
  }

  async get(key: string): Promise<RecordView> {
    const row = await this.findRow(key);
    if (!row) throw new DomainError('not_found', `${this.kind.entity} "${key}" not found`);
    return view(this.kind, row, await this.lookups());
  }

  /** Filters: any field by its key (comma-separated values for several), q (name/code contains), overdue, built_year. */
  async list(query: Record<string, string | undefined>): Promise<{ items: RecordView[]; total: number; page: number; per_page: number }> {
    const k = this.kind;
    const lk = await this.lookups();
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
        const ids = (await this.db.select({ id: villages.id }).from(villages).where(inArray(villages.name, values))).map((r) => r.id);
        conds.push(inArray(col, ids.length ? ids : [-1]));
      } else if (f.type === 'enum') {
        for (const v of values) if (!f.schema.safeParse(v).success) fail(f.key, `"${v}" is not a valid value`);
        conds.push(inArray(col, values));
      } else if (f.type === 'int' || f.type === 'inspection') {
        conds.push(inArray(col, values.map((v) => intParam(v, f.key, -1e9, 1e9)!)));
      } else if (f.type === 'text') conds.push(inArray(col, values));
    }
    if (query.q) {
      // The database's lower() on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not.
      const pat = `%${query.q.replace(/[%_\\]/g, (c) => '\\' + c)}%`;
      const nameLike = sql`lower(${this.col('name') ?? this.col('owner')}) LIKE lower(${pat}) ESCAPE '\\'`;
      conds.push(k.idKey === 'code' ? or(nameLike, sql`lower(${this.col('code')}) LIKE lower(${pat}) ESCAPE '\\'`)! : nameLike);
    }
    if (query.overdue === 'true' && k.name === 'hazards')
      conds.push(and(isNotNull(this.col('deadline')), lt(this.col('deadline'), today()), notInArray(this.col('status'), ['remediated', 'verified']))!);
    if (query.built_year && k.name === 'stations') {
      const y = intParam(query.built_year, 'built_year', 2000, 2100)!;
      conds.push(and(inArray(this.col('status'), ['on_air', 'accepted']), like(sql`coalesce(${this.col('onAirOn')}, ${this.col('acceptedOn')})`, `${y}-%`))!);
    }
    const where = conds.length ? and(...conds) : undefined;
    const [{ n: total }] = await this.db.select({ n: count() }).from(k.table).where(where);
    const rows = (await this.db.select().from(k.table).where(where).orderBy(this.col('id')).limit(perPage).offset((page - 1) * perPage)) as Row[];
    const items: RecordView[] = [];
    for (const r of rows) items.push(await view(k, r, lk));
    return { items, total, page, per_page: perPage };
  }

  /** Creates (key null) or changes a record; status moves follow the machine. Throws DomainError unprocessable with every problem. */
  save(key: string | null, input: Record<string, unknown>, actor: Actor, reason?: string | null): Promise<{ record: RecordView; created: boolean }> {
    return this.db.transaction((tx) => this.saveInTx(tx, key, input, actor, reason));
  }

  /** save() through group commit: the API's path, where many writes arrive at once. */
  saveGrouped(key: string | null, input: Record<string, unknown>, actor: Actor, reason?: string | null): Promise<{ record: RecordView; created: boolean }> {
    return groupCommit(this.db).run((tx) => this.saveInTx(tx, key, input, actor, reason));
  }

  private async saveInTx(tx: Db, key: string | null, input: Record<string, unknown>, actor: Actor, reason?: string | null): Promise<{ record: RecordView; created: boolean }> {
    const k = this.kind;
    const lk = await this.lookups(tx);
    const before = key === null ? null : await this.findRow(key, tx);
    if (key !== null && !before) throw new DomainError('not_found', `${k.entity} "${key}" not found`);
    if (!before && k.idKey === 'code' && typeof input.code === 'string' && (await this.findRow(input.code, tx)))
      throw new DomainError('conflict', `code: a station with code "${input.code}" already exists`);
    if (before && k.idKey === 'code' && input.code !== undefined && input.code !== before.code && (await this.findRow(String(input.code), tx)))
      throw new DomainError('conflict', `code: a station with code "${input.code}" already exists`);
    const p = await prepare(k, lk, before, input, actor, { reason });
    if (p.errors.length) throw new DomainError('unprocessable', `${k.entity}${key ? ` "${key}"` : ''}: ${formatErrors(p.errors)}`, p.errors.map(([f, m]) => `${f}: ${m}`));
    if (!p.changed) return { record: await view(k, before!, lk), created: false };
    const id = await new RowWriter(tx, k).write(before, p, actor, actionOf(before, p), reason);
    // A change's view is complete already; a new row is read back for the column defaults.
    return { record: before ? { ...p.after, id } : await view(k, (await readRow(tx, k, 'id', id))!, lk), created: !before };
  }

  async remove(key: string, actor: Actor, reason?: string | null): Promise<void> {
    const k = this.kind;
    await this.db.transaction(async (tx) => {
      const before = await this.findRow(key, tx);
      if (!before) throw new DomainError('not_found', `${k.entity} "${key}" not found`);
      const v = await view(k, before, await this.lookups(tx));
      await tx.delete(k.table).where(eq(this.col('id'), before.id as number));
      await auditChange(tx, k, actor, before.id as number, v, { deleted: true }, 'delete', reason);
    });
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
