/** Numeric OID helpers. OIDs are dotted strings without a leading dot. */

const DOT = 46;
const ZERO = 48;

/**
 * Orders two OIDs numerically, sub-identifier by sub-identifier. Runs once per received varbind
 * (walk order check), so it scans the strings in place instead of splitting them into arrays. `from` skips a
 * prefix both are known to share (a walk's root and its dot), which is most of each OID.
 */
export function compareOids(a: string, b: string, from = 0): number {
  let i = from || (a.charCodeAt(0) === DOT ? 1 : 0);
  let j = from || (b.charCodeAt(0) === DOT ? 1 : 0);
  for (;;) {
    const aDone = i >= a.length;
    const bDone = j >= b.length;
    if (aDone || bDone) return aDone && bDone ? 0 : aDone ? -1 : 1;
    let x = 0;
    for (let c = a.charCodeAt(i); i < a.length && c !== DOT; c = a.charCodeAt(++i)) x = x * 10 + (c - ZERO);
    let y = 0;
    for (let c = b.charCodeAt(j); j < b.length && c !== DOT; c = b.charCodeAt(++j)) y = y * 10 + (c - ZERO);
    if (x !== y) return x - y;
    i++;
    j++;
  }
}

/** True when `oid` lies strictly below `root` in the tree. */
export function isUnder(oid: string, root: string): boolean {
  return oid.length > root.length && oid.charCodeAt(root.length) === DOT && oid.startsWith(root);
}

/** The sub-identifiers after `root`, e.g. the table index of a column instance. */
export function suffix(oid: string, root: string): string {
  return oid.slice(root.length + 1);
}

/**
 * The single sub-identifier after `root` as a number (a one-column table index such as ifIndex), or -1 when the
 * suffix is not exactly one; read in place, without slicing a string per varbind.
 */
export function indexAfter(oid: string, root: string): number {
  const start = root.length + 1;
  if (oid.length <= start || oid.length > start + 10) return -1;
  let n = 0;
  for (let i = start; i < oid.length; i++) {
    const c = oid.charCodeAt(i) - ZERO;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}
