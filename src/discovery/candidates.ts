import { and, count, eq, ne } from 'drizzle-orm';
import type { Db } from '../../db/index';
import { devices, units } from '../../db/schema/inventory';
import { discoveryCandidates, type CandidateRow } from '../../db/schema/discovery';
import { deviceSchema } from '../config/schema';
import { deviceRow } from '../inventory/sync';
import { recognize } from '../xinchuang/recognize';
import { contains, prefixSet, splitPrefix } from './prefixes';

export interface Proposal {
  address: string;
  port?: number;
  sysName?: string | null;
  sysObjectId?: string | null;
  sysDescr?: string | null;
  /** Name of the credential that answered. */
  credential?: string | null;
  source: 'sweep' | 'lldp';
}

export interface ProposeOptions {
  /** Stored candidates at most (discovery.max_candidates). */
  maxCandidates?: number;
  /** Rules that turn a new candidate into a device at once (discovery.auto_approve). */
  autoApprove?: { unit?: string; vendor?: string }[];
}

/**
 * known: the address is already a device; moved: a device of that sysName answers at a new address (flagged,
 * not proposed); new / seen: stored or refreshed; approved: stored and turned into a device by a rule;
 * dropped: the candidate table is full.
 */
export type ProposeOutcome = 'known' | 'moved' | 'new' | 'seen' | 'approved' | 'dropped';

/** Agent strings are untrusted: stored at most this many characters. */
const MAX_TEXT = 255;
const cut = (s: string | null | undefined) => (s == null ? null : s.slice(0, MAX_TEXT));

/** The unit whose prefix holds the address, the longest prefix winning. */
export async function unitOf(db: Db, address: string): Promise<string | null> {
  let best: { name: string; bits: number } | null = null;
  for (const u of await db.select().from(units).orderBy(units.name))
    for (const p of [...u.ipv4, ...u.ipv6]) {
      const { bits } = splitPrefix(p);
      if ((!best || bits > best.bits) && contains(prefixSet([p]), address)) best = { name: u.name, bits };
    }
  return best?.name ?? null;
}

/** Records what answered at an address, unless the inventory already has it. Also the entry point for LLDP neighbours. */
export async function proposeCandidate(db: Db, p: Proposal, opts: ProposeOptions = {}): Promise<ProposeOutcome> {
  const vendor = recognize(p.sysObjectId, p.sysDescr).vendor;
  // One transaction: concurrent answers cannot both store an address, or fill the table past its limit.
  const stored = await db.transaction(async (tx): Promise<ProposeOutcome | CandidateRow> => {
    if ((await tx.select({ id: devices.id }).from(devices).where(eq(devices.address, p.address)).limit(1)).length) return 'known';
    const fields = {
      port: p.port ?? 161,
      sysName: cut(p.sysName),
      sysObjectId: cut(p.sysObjectId),
      sysDescr: cut(p.sysDescr),
      vendor,
      unit: await unitOf(tx, p.address),
      lastSeen: new Date(),
      ...(p.credential ? { credential: p.credential } : {}),
    };
    const [sameName] = p.sysName ? await tx.select({ name: devices.name }).from(devices).where(eq(devices.name, p.sysName)).limit(1) : [];
    const moved = sameName && { status: 'moved' as const, knownDevice: sameName.name };
    const [existing] = await tx.select({ id: discoveryCandidates.id }).from(discoveryCandidates).where(eq(discoveryCandidates.address, p.address)).limit(1);
    if (existing) {
      await tx.update(discoveryCandidates).set({ ...fields, ...moved }).where(eq(discoveryCandidates.id, existing.id));
      return sameName ? 'moved' : 'seen';
    }
    const [{ n }] = await tx.select({ n: count() }).from(discoveryCandidates);
    if (n >= (opts.maxCandidates ?? 10_000)) return 'dropped';
    const [row] = await tx.insert(discoveryCandidates).values({ address: p.address, source: p.source, ...fields, ...moved }).returning();
    return sameName ? 'moved' : row;
  });
  if (typeof stored === 'string') return stored;
  const rule = (opts.autoApprove ?? []).find((r) => (!r.unit || r.unit === stored.unit) && (!r.vendor || r.vendor.toLowerCase() === (vendor ?? '').toLowerCase()));
  if (rule && stored.credential) {
    await approveCandidate(db, stored.id, {});
    return 'approved';
  }
  return 'new';
}

export class CandidateError extends Error {
  constructor(
    readonly status: 404 | 409 | 422,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Candidate → device, through the same row mapping as POST /api/devices, with source "api": the
 * configuration-file sync at start leaves such devices alone, so an approved device survives restarts.
 */
export async function approveCandidate(db: Db, id: number, choice: { name?: string; unit?: string | null }): Promise<CandidateRow> {
  return db.transaction(async (tx) => {
    const [c] = await tx.select().from(discoveryCandidates).where(eq(discoveryCandidates.id, id)).limit(1);
    if (!c) throw new CandidateError(404, `candidate ${id} not found`);
    if (c.status === 'approved') throw new CandidateError(409, `candidate ${id} is already a device`);
    if (!c.credential) throw new CandidateError(422, `credential: candidate ${id} has not answered any credential yet`);
    const parsed = deviceSchema.safeParse({
      name: choice.name ?? c.sysName ?? c.address,
      address: c.address,
      port: c.port,
      credential: c.credential,
      ...((choice.unit ?? c.unit) ? { unit: choice.unit ?? c.unit } : {}),
    });
    if (!parsed.success) throw new CandidateError(422, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const d = parsed.data;
    if ((await tx.select({ id: devices.id }).from(devices).where(eq(devices.name, d.name)).limit(1)).length) throw new CandidateError(409, `name: device "${d.name}" already exists`);
    if (d.unit && !(await tx.select({ name: units.name }).from(units).where(eq(units.name, d.unit)).limit(1)).length) throw new CandidateError(422, `unit: unknown unit "${d.unit}"`);
    await tx.insert(devices).values(deviceRow(d, 'api'));
    const [row] = await tx.update(discoveryCandidates).set({ status: 'approved', unit: d.unit ?? null }).where(eq(discoveryCandidates.id, id)).returning();
    return row;
  });
}

export async function ignoreCandidate(db: Db, id: number): Promise<CandidateRow> {
  const [row] = await db
    .update(discoveryCandidates)
    .set({ status: 'ignored' })
    .where(and(eq(discoveryCandidates.id, id), ne(discoveryCandidates.status, 'approved')))
    .returning();
  if (!row) throw new CandidateError(404, `candidate ${id} not found or already a device`);
  return row;
}
