import { getTableName, is, type Column } from 'drizzle-orm';
import { SQLiteTable, getTableConfig, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import {
  bigint,
  doublePrecision,
  foreignKey,
  index,
  pgTable,
  primaryKey,
  text,
  unique,
  uniqueIndex,
  type AnyPgColumn,
  type PgColumnBuilderBase,
  type PgTableWithColumns,
} from 'drizzle-orm/pg-core';
import * as schemaModules from './schema/index';

/**
 * The PostgreSQL tables, derived from the one schema in db/schema: same names, columns, keys, indexes and foreign
 * keys, each column stored as SQLite stores it (integers as bigint, so booleans as 0/1 and times as epoch numbers;
 * JSON as text). The queries of every feature run unchanged on both, with drizzle's column mappings of db/schema.
 * drizzle-kit reads this file to write the PostgreSQL migrations (db/migrations-postgres).
 */
function toPostgres(tables: [string, SQLiteTable][]): Record<string, PgTableWithColumns<any>> {
  const out: Record<string, PgTableWithColumns<any>> = {};
  const byName = new Map<string, PgTableWithColumns<any>>();
  const column = (table: string, name: string) => (byName.get(table) as unknown as Record<string, AnyPgColumn>)[name];
  for (const [exported, t] of tables) {
    const config = getTableConfig(t);
    const columns: Record<string, PgColumnBuilderBase> = {};
    for (const c of config.columns) columns[c.name] = columnOf(c);
    const name = getTableName(t);
    const pg = pgTable(name, columns, (own: Record<string, AnyPgColumn>) => [
      ...config.primaryKeys.map((pk) => primaryKey({ name: pk.getName(), columns: pk.columns.map((c) => own[c.name]) as [AnyPgColumn, ...AnyPgColumn[]] })),
      ...config.uniqueConstraints.map((u) => unique(u.name).on(...(u.columns.map((c) => own[c.name]) as [AnyPgColumn, ...AnyPgColumn[]]))),
      ...config.indexes.map((i) => {
        const on = i.config.columns.map((c) => own[(c as Column).name]) as [AnyPgColumn, ...AnyPgColumn[]];
        return (i.config.unique ? uniqueIndex(i.config.name) : index(i.config.name)).on(...on);
      }),
      ...config.foreignKeys.map((fk) => {
        const ref = fk.reference();
        const target = getTableName(ref.foreignTable);
        const key = foreignKey({
          name: fk.getName(),
          columns: ref.columns.map((c) => own[c.name]) as [AnyPgColumn, ...AnyPgColumn[]],
          foreignColumns: ref.foreignColumns.map((c) => column(target, c.name)) as [AnyPgColumn, ...AnyPgColumn[]],
        });
        if (fk.onDelete) key.onDelete(fk.onDelete);
        if (fk.onUpdate) key.onUpdate(fk.onUpdate);
        return key;
      }),
    ]);
    byName.set(name, pg);
    out[exported] = pg;
  }
  return out;
}

/** One column as SQLite stores it: integer → bigint, real → double precision, text (and JSON) → text. */
function columnOf(c: SQLiteColumn): PgColumnBuilderBase {
  const storage = c.getSQLType();
  const integer = /^integer/.test(storage);
  if (!integer && !/^(text|real)/.test(storage)) throw new Error(`${c.name}: no PostgreSQL storage for SQLite type ${storage}`);
  let b: any = integer ? bigint(c.name, { mode: 'number' }) : storage === 'real' ? doublePrecision(c.name) : text(c.name);
  if (c.primary) b = b.primaryKey();
  if ((c as SQLiteColumn & { autoIncrement?: boolean }).autoIncrement) b = b.generatedByDefaultAsIdentity();
  if (c.notNull) b = b.notNull();
  if (c.hasDefault && c.default !== undefined) b = b.default(typeof c.default === 'boolean' ? Number(c.default) : c.default);
  if (c.isUnique) b = b.unique(c.uniqueName);
  return b;
}

const tables = toPostgres(Object.entries(schemaModules as Record<string, unknown>).filter((e): e is [string, SQLiteTable] => is(e[1], SQLiteTable)));

// drizzle-kit finds tables among a module's named exports: each one by its name in db/schema (test/db checks the list).
export const {
  apiTokens, clusterNodes, clusterLeases, deviceEvidence, discoveryCandidates, drills, drillAnnotations, incidents, events, trapRejections,
  storageProbe, towns, villages, stations, buildTargets, blindSpots, inspections, inspectionVillages, hazards, auditLog, webSessions,
  credentials, units, devices, tableVersions, xinchuangTargets, xinchuangOverrides,
} = tables;
export const postgresTableCount = Object.keys(tables).length;
