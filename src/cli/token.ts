import { roles, type Role } from '../../db/schema/auth';
import { isUniqueViolation, type Db } from '../../db/index';
import { createToken, listTokens, revokeToken } from '../auth/tokens';

const usage = `usage:
  yunet token create --name NAME --role ${roles.join('|')}
  yunet token list
  yunet token revoke --name NAME`;

/** `yunet token …`: prints a new token once; only its hash is kept. Returns the exit code. */
export async function tokenCommand(db: Db, args: string[], out: (s: string) => void = console.log): Promise<number> {
  const [action, ...rest] = args;
  const opt = (flag: string) => {
    const i = rest.indexOf(flag);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  switch (action) {
    case 'create': {
      const name = opt('--name');
      const role = opt('--role') as Role | undefined;
      if (!name) return fail('--name is required');
      if (!role || !roles.includes(role)) return fail(`--role must be one of ${roles.join(', ')}`);
      try {
        out(await createToken(db, name, role));
      } catch (e) {
        if (isUniqueViolation(e)) return fail(`a token named "${name}" already exists`);
        throw e;
      }
      return 0;
    }
    case 'list':
      for (const t of await listTokens(db)) out(`${t.name}\t${t.role}\tcreated ${t.createdAt.toISOString()}${t.revokedAt ? `\trevoked ${t.revokedAt.toISOString()}` : ''}`);
      return 0;
    case 'revoke': {
      const name = opt('--name');
      if (!name) return fail('--name is required');
      if (!(await revokeToken(db, name))) return fail(`no active token named "${name}"`);
      out(`revoked ${name}`);
      return 0;
    }
    default:
      return fail(`unknown token action "${action ?? ''}"`);
  }
  function fail(msg: string): number {
    console.error(`yunet token: ${msg}\n${usage}`);
    return 2;
  }
}
