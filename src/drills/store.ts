import { and, asc, eq, gt, inArray, lt, lte, ne } from 'drizzle-orm';
import type { Db } from '../../db/index';
import { drillAnnotations, drills, type DrillRow } from '../../db/schema/drills';
import { units } from '../../db/schema/inventory';
import { DomainError } from '../errors';

export interface DrillInput {
  name: string;
  startsAt: Date;
  endsAt: Date;
  /** null: every unit. */
  scopeUnits: string[] | null;
  notes: string;
}

/** Two scopes share a unit (or either covers the whole district). */
export function scopesIntersect(a: string[] | null, b: string[] | null): boolean {
  if (a === null || b === null) return true;
  return a.some((u) => b.includes(u));
}

export function isActive(d: Pick<DrillRow, 'startsAt' | 'endsAt'>, at: Date): boolean {
  return d.startsAt.getTime() <= at.getTime() && at.getTime() < d.endsAt.getTime();
}

export function inScope(d: Pick<DrillRow, 'scopeUnits'>, unit: string | null): boolean {
  return d.scopeUnits === null || (unit !== null && d.scopeUnits.includes(unit));
}

/**
 * Checks a drill against the rules (end after start, known units, no overlap with a drill of an
 * intersecting scope, unique name) inside the caller's transaction. `id` is the drill being changed.
 */
async function check(tx: Db, d: DrillInput, id: number | null): Promise<void> {
  if (d.endsAt.getTime() <= d.startsAt.getTime()) throw new DomainError('invalid', 'ends_at: must be after starts_at');
  if (d.scopeUnits?.length) {
    const known = new Set((await tx.select({ name: units.name }).from(units).where(inArray(units.name, d.scopeUnits))).map((u) => u.name));
    const unknown = d.scopeUnits.find((u) => !known.has(u));
    if (unknown !== undefined) throw new DomainError('unprocessable', `scope.units: unknown unit "${unknown}"`);
  }
  const [sameName] = await tx.select({ id: drills.id }).from(drills).where(eq(drills.name, d.name)).limit(1);
  if (sameName && sameName.id !== id) throw new DomainError('conflict', `name: a drill named "${d.name}" already exists`);
  const overlapping = (
    await tx
      .select()
      .from(drills)
      .where(and(lt(drills.startsAt, d.endsAt), gt(drills.endsAt, d.startsAt), id === null ? undefined : ne(drills.id, id)))
  ).filter((o) => scopesIntersect(o.scopeUnits, d.scopeUnits));
  if (overlapping.length)
    throw new DomainError('conflict',
      `starts_at/ends_at: overlaps drill "${overlapping[0].name}" (${overlapping[0].startsAt.toISOString()} – ${overlapping[0].endsAt.toISOString()}) with an overlapping scope`,
    );
}

export async function createDrill(db: Db, d: DrillInput, by: string): Promise<DrillRow> {
  return db.transaction(async (tx) => {
    await check(tx, d, null);
    const [row] = await tx.insert(drills).values({ ...d, createdBy: by }).returning();
    return row;
  });
}

/** Applies a change inside the caller's transaction, checked against the rules. */
async function patchDrill(tx: Db, id: number, patch: Partial<DrillInput>): Promise<DrillRow> {
  const row = await getDrill(tx, id);
  const next: DrillInput = {
    name: patch.name ?? row.name,
    startsAt: patch.startsAt ?? row.startsAt,
    endsAt: patch.endsAt ?? row.endsAt,
    scopeUnits: patch.scopeUnits !== undefined ? patch.scopeUnits : row.scopeUnits,
    notes: patch.notes ?? row.notes,
  };
  await check(tx, next, id);
  const [updated] = await tx.update(drills).set(next).where(eq(drills.id, id)).returning();
  return updated;
}

export async function updateDrill(db: Db, id: number, patch: Partial<DrillInput>): Promise<DrillRow> {
  return db.transaction((tx) => patchDrill(tx, id, patch));
}

export async function getDrill(db: Db, id: number): Promise<DrillRow> {
  const [row] = await db.select().from(drills).where(eq(drills.id, id)).limit(1);
  if (!row) throw new DomainError('not_found', `drill ${id} not found`);
  return row;
}

export async function listDrills(db: Db): Promise<DrillRow[]> {
  return db.select().from(drills).orderBy(asc(drills.startsAt));
}

export async function activeDrills(db: Db, at: Date): Promise<DrillRow[]> {
  return db.select().from(drills).where(and(lte(drills.startsAt, at), gt(drills.endsAt, at))).orderBy(asc(drills.startsAt));
}

/** The drill an alert belongs to: active at `at` and covering its unit; alerts without a unit go to any active drill. */
export async function drillFor(db: Db, at: Date, unit: string | null): Promise<DrillRow | null> {
  const active = await activeDrills(db, at);
  if (unit === null) return active[0] ?? null;
  return active.find((d) => inScope(d, unit)) ?? null;
}

export interface Annotation {
  id: number;
  time: Date;
  author: string;
  text: string;
}

/** Annotations one drill keeps: the board and the report show every one of them. */
export const MAX_ANNOTATIONS_PER_DRILL = 1000;

/** A remark the security team adds to a drill as things happen. */
export async function annotate(db: Db, drillId: number, text: string, author: string, time = new Date()): Promise<Annotation> {
  return db.transaction(async (tx) => {
    const d = await getDrill(tx, drillId);
    if ((await tx.$count(drillAnnotations, eq(drillAnnotations.drillId, d.id))) >= MAX_ANNOTATIONS_PER_DRILL)
      throw new DomainError('conflict', `text: drill ${d.id} already has ${MAX_ANNOTATIONS_PER_DRILL} annotations (the limit); add to the drill's notes instead`);
    const [row] = await tx.insert(drillAnnotations).values({ drillId: d.id, time, author, text }).returning();
    return { id: row.id, time: row.time, author: row.author, text: row.text };
  });
}

/**
 * Moves a drill's end (extend, end now) and notes it on the board, in one transaction. The note is left out once the
 * drill holds MAX_ANNOTATIONS_PER_DRILL: the change itself must not be refused for want of room to describe it.
 */
export async function changeEnd(db: Db, drillId: number, endsAt: Date, note: string, author: string): Promise<DrillRow> {
  return db.transaction(async (tx) => {
    const row = await patchDrill(tx, drillId, { endsAt });
    if ((await tx.$count(drillAnnotations, eq(drillAnnotations.drillId, drillId))) < MAX_ANNOTATIONS_PER_DRILL)
      await tx.insert(drillAnnotations).values({ drillId, time: new Date(), author, text: note });
    return row;
  });
}

export async function annotations(db: Db, drillId: number): Promise<Annotation[]> {
  return db
    .select({ id: drillAnnotations.id, time: drillAnnotations.time, author: drillAnnotations.author, text: drillAnnotations.text })
    .from(drillAnnotations)
    .where(eq(drillAnnotations.drillId, drillId))
    .orderBy(asc(drillAnnotations.time));
}
