import { createHash } from 'node:crypto';

/** A live node as ownership sees it: its name and the poller groups it serves. */
export interface Seat {
  name: string;
  groups: readonly string[];
}

/** The node's weight for a device: the first 64 bits of SHA-256(node NUL device). */
function weight(node: string, device: string): bigint {
  return createHash('sha256').update(node).update('\0').update(device).digest().readBigUInt64BE(0);
}

/**
 * Rendezvous (highest-random-weight) hashing: the device goes to the serving node with the highest weight.
 * A node leaving moves only the devices it owned; a node joining takes only the devices it now wins.
 * null when no live node serves the device's group.
 */
export function ownerOf(device: string, group: string, seats: readonly Seat[]): string | null {
  let best: string | null = null;
  let bestWeight = -1n;
  for (const s of seats) {
    if (!s.groups.includes(group)) continue;
    const w = weight(s.name, device);
    if (w > bestWeight || (w === bestWeight && s.name < best!)) {
      best = s.name;
      bestWeight = w;
    }
  }
  return best;
}
