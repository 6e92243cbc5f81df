import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { it } from 'vitest';

/**
 * Real-component tests need root, daemons or packages. Where something is missing they skip with one
 * line saying what; with YUNET_TEST_STRICT=1 (set by CI) a missing requirement fails instead.
 */
export const strict = process.env.YUNET_TEST_STRICT === '1';

export function hasCommand(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Returns why the suite cannot run here, or null when it can. */
export function missing(needs: { root?: boolean; commands?: string[]; files?: string[] }): string | null {
  const lacks: string[] = [];
  if (needs.root && !isRoot) lacks.push('root (network namespaces)');
  for (const c of needs.commands ?? []) if (!hasCommand(c)) lacks.push(`the "${c}" command`);
  for (const f of needs.files ?? []) if (!fs.existsSync(f)) lacks.push(`the file ${f}`);
  return lacks.length ? lacks.join(', ') : null;
}

/**
 * `it` or `it.skip` for a suite with requirements. Under YUNET_TEST_STRICT=1 a missing requirement
 * becomes a failing test that says what is missing.
 */
export function itWith(needs: Parameters<typeof missing>[0]): typeof it {
  const why = missing(needs);
  if (!why) return it;
  if (strict) {
    const failing = ((name: string) => it(name, () => {
      throw new Error(`YUNET_TEST_STRICT=1 and this test needs ${why}`);
    })) as unknown as typeof it;
    return failing;
  }
  console.warn(`skipped: needs ${why}`);
  return it.skip as unknown as typeof it;
}
