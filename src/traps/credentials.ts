import snmp from 'net-snmp';
import type { Db } from '../../db/index';
import { credentials } from '../../db/schema/inventory';
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

/** Communities and v3 users the receiver accepts: exactly the credentials yunet polls with. */
export function trapAuthFromDb(db: Db): TrapAuth {
  const out: TrapAuth = { communities: [], users: [] };
  for (const row of db.select().from(credentials).all()) {
    let raw: unknown;
    try {
      raw = JSON.parse(row.secret);
    } catch {
      continue; // a damaged row must not stop the receiver; the poller reports it for its devices
    }
    const parsed = credentialSchema.safeParse(raw);
    if (!parsed.success) continue;
    const c = parsed.data;
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
