/** Numeric OID helpers. OIDs are dotted strings without a leading dot. */

export function parseOid(oid: string): number[] {
  return oid.replace(/^\./, '').split('.').map(Number);
}

export function compareOids(a: string, b: string): number {
  const x = parseOid(a);
  const y = parseOid(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

/** True when `oid` lies strictly below `root` in the tree. */
export function isUnder(oid: string, root: string): boolean {
  return oid.length > root.length && oid.startsWith(root) && oid[root.length] === '.';
}

/** The sub-identifiers after `root`, e.g. the table index of a column instance. */
export function suffix(oid: string, root: string): string {
  return oid.slice(root.length + 1);
}
