import snmp from 'net-snmp';
import type { Db } from '../../db/index';
import { inArray } from 'drizzle-orm';
import { credentials, devices } from '../../db/schema/inventory';
import { demoCredentials } from '../demo/units';

/** The demo fleet's published secrets: a real install never accepts them. */
const demoSecrets = new Set(Object.values(demoCredentials).map(({ credential: c }) => ('community' in c ? c.community : c.username)));
import { credentialSchema, type Credential } from '../config/schema';

export interface TrapAuth {
  communities: string[];
  users: snmp.User[];
}

function usmUser(c: Extract<Credential, { username: string }>): snmp.User {
  return {
    name: c.username,
    level: c.priv ? snmp.SecurityLevel.authPriv : c.auth ? snmp.SecurityLevel.authNoPriv : snmp.SecurityLevel.noAuthNoPriv,
    ...(c.auth ? { authProtocol: snmp.AuthProtocols[c.auth.protocol], authKey: c.auth.key } : {}),
    ...(c.priv ? { privProtocol: snmp.PrivProtocols[c.priv.protocol], privKey: c.priv.key } : {}),
  };
}

/**
 * Communities and v3 users the receiver accepts: exactly the credentials some device polls with now, so a
 * credential dropped from the inventory stops being accepted at the next refresh. The demo fleet's
 * community is accepted only in demo mode.
 */
export async function trapAuthFromDb(db: Db, opts: { demo: boolean } = { demo: false }): Promise<TrapAuth> {
  const out: TrapAuth = { communities: [], users: [] };
  const inUse = db.selectDistinct({ name: devices.credential }).from(devices);
  for (const row of await db.select().from(credentials).where(inArray(credentials.name, inUse))) {
    let raw: unknown;
    try {
      raw = JSON.parse(row.secret);
    } catch {
      continue; // a damaged row must not stop the receiver; the poller reports it for its devices
    }
    const parsed = credentialSchema.safeParse(raw);
    if (!parsed.success) continue;
    const c = parsed.data;
    if (!opts.demo && demoSecrets.has('community' in c ? c.community : c.username)) continue;
    if ('community' in c) {
      if (!out.communities.includes(c.community)) out.communities.push(c.community);
    } else out.users.push(usmUser(c));
  }
  return out;
}

/** The part of net-snmp's (untyped) Authorizer the receiver uses. */
export interface Authorizer {
  getCommunities(): string[];
  addCommunity(c: string): void;
  deleteCommunity(c: string): void;
  getUsers(): snmp.User[];
  addUser(u: snmp.User): void;
  deleteUser(name: string): void;
}

/** Replaces the authorizer's communities and users in place (the receiver keeps its socket). */
export function applyTrapAuth(authorizer: Authorizer, auth: TrapAuth): void {
  for (const c of [...authorizer.getCommunities()]) if (!auth.communities.includes(c)) authorizer.deleteCommunity(c);
  for (const c of auth.communities) authorizer.addCommunity(c);
  const names = new Set(auth.users.map((u) => u.name));
  for (const u of [...authorizer.getUsers()]) if (!names.has(u.name)) authorizer.deleteUser(u.name);
  for (const u of auth.users) authorizer.addUser(u);
}
