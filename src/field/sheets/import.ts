import type { Db } from '../../../db/index';
import { prepare, RowWriter, type Row } from '../records/engine';
import { kindSchema } from '../api/schemas';
import { AuditBatch } from '../audit';
import type { Kind } from '../records/kinds';
import { Lookups } from '../records/lookups';
import type { Actor } from '../status';
import { cellValue, mapColumns } from './columns';
import { today } from '../dates';
import { readTable, type Table } from './table';
import type { SheetLimits } from './limits';

export interface RowError {
  row: number;
  column: string;
  reason: string;
}

export interface ImportReport {
  kind: string;
  format: Table['format'];
  charset: string | null;
  rows: number;
  /** Records created and changed, or that would be when not applied. */
  created: number;
  changed: number;
  unchanged: number;
  rejected: RowError[];
  /** True when the rows were stored: no rejection and not a dry run. */
  applied: boolean;
  dry_run: boolean;
  /** The first changes, for a preview page. */
  preview: { row: number; action: 'create' | 'change'; key: string; fields: string[] }[];
}

const PREVIEW = 200;
const MAX_REJECTED = 1000;
class Rollback extends Error {}

/**
 * Imports a CSV/XLSX of one kind, all or nothing: every row is validated and written inside one
 * transaction, which is rolled back when any row is rejected or on a dry run, so the preview shows
 * exactly what confirming would store. Stations match by code, the others by an id column.
 */
export async function importSheet(db: Db, kind: Kind, file: Uint8Array, actor: Actor, opts: { dryRun: boolean; demo?: boolean; limits?: SheetLimits }): Promise<ImportReport> {
  const table = await readTable(file, opts.limits);
  const cols = mapColumns(kind, table.headers);
  const report: ImportReport = {
    kind: kind.name, format: table.format, charset: table.charset, rows: table.rows.length,
    created: 0, changed: 0, unchanged: 0, rejected: [], applied: false, dry_run: opts.dryRun, preview: [],
  };
  const createSchema = kindSchema(kind, 'create');
  const patchSchema = kindSchema(kind, 'patch');
  const headerOf = new Map(cols.fields.map((c) => [c.field.key, c.header]));
  const reject = (row: number, key: string, reason: string) => {
    if (report.rejected.length < MAX_REJECTED) report.rejected.push({ row, column: headerOf.get(key) ?? key, reason });
    else report.rejected.length === MAX_REJECTED && report.rejected.push({ row, column: '', reason: 'more rows rejected; fix the ones above first' });
  };

  try {
    await db.transaction(async (tx) => {
      // PostgreSQL may run the body again (a conflict with a concurrent transaction): the report starts afresh.
      Object.assign(report, { created: 0, changed: 0, unchanged: 0, rejected: [], preview: [] });
      const lk = await Lookups.load(db, tx);
      const audits = new AuditBatch(tx);
      const writer = new RowWriter(tx, kind, audits);
      const existing = new Map<string, Row>();
      for (const r of (await tx.select().from(kind.table)) as Row[]) existing.set(String(kind.idKey === 'code' ? r.code : r.id), r);
      const seenInFile = new Map<string, number>();
      const on = today();

      for (const { line, cells } of table.rows) {
        const input: Record<string, unknown> = {};
        let bad = false;
        for (const c of cols.fields) {
          try {
            const v = cellValue(c.field, cells[c.index] ?? '');
            if (v !== undefined) input[c.field.key] = v;
          } catch (e) {
            reject(line, c.field.key, (e as Error).message);
            bad = true;
          }
        }
        if (bad) continue;
        const key = kind.idKey === 'code' ? (input.code as string | undefined) : (cols.idIndex !== null ? cells[cols.idIndex]?.trim() || undefined : undefined);
        if (key !== undefined) {
          const first = seenInFile.get(key);
          if (first !== undefined) {
            reject(line, kind.idKey, `duplicate ${kind.idKey} "${key}" (also on row ${first})`);
            continue;
          }
          seenInFile.set(key, line);
        }
        const before = key !== undefined ? (existing.get(key) ?? null) : null;
        if (kind.idKey === 'id' && key !== undefined && !before) {
          reject(line, 'id', `no ${kind.entity} with id ${key} (leave id empty to create one)`);
          continue;
        }
        const parsed = (before ? patchSchema : createSchema).safeParse(input);
        if (!parsed.success) {
          for (const iss of parsed.error.issues) reject(line, String(iss.path[0] ?? ''), iss.message);
          continue;
        }
        const p = await prepare(kind, lk, before, parsed.data as Record<string, unknown>, actor, { demo: opts.demo, today: on });
        if (p.errors.length) {
          for (const [k, m] of p.errors) reject(line, k, m);
          continue;
        }
        if (!p.changed) {
          report.unchanged++;
          continue;
        }
        const id = await writer.write(before, p, actor, 'import');
        if (before) report.changed++;
        else report.created++;
        const prev = p.before;
        if (report.preview.length < PREVIEW)
          report.preview.push({
            row: line,
            action: before ? 'change' : 'create',
            key: String(kind.idKey === 'code' ? p.after.code : id),
            fields: prev ? kind.fields.filter((f) => (prev[f.key] ?? null) !== (p.after[f.key] ?? null)).map((f) => f.key) : [],
          });
      }
      if (report.rejected.length || opts.dryRun) throw new Rollback();
      await audits.flush();
    });
    report.applied = true;
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  }
  return report;
}
