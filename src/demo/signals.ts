/**
 * Time-driven demo values. Everything is a pure function of the seconds since the agent started,
 * so values move like a real device's and a test with a frozen clock sees exactly what the agent serves.
 */

const TWO_64 = 1n << 64n;
const TWO_32 = 2 ** 32;

/** A stable pseudo-random number in [0, 1) from a string, so each interface gets its own phase and base. */
export function hashUnit(key: string): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return (h >>> 0) / TWO_32;
}

/**
 * Integral of a rate that swings ±35 % around `meanPerSecond` with period `periodSeconds`:
 * rate(t) = mean · (1 + 0.35 · sin(2πt/P + φ)), always positive, so the counter never goes backwards.
 */
export function swingingIntegral(meanPerSecond: number, seconds: number, periodSeconds: number, phase: number): number {
  const w = (2 * Math.PI) / periodSeconds;
  return meanPerSecond * (seconds + (0.35 / w) * (Math.cos(phase) - Math.cos(w * seconds + phase)));
}

/** Counter64 value: base plus an increment, wrapping at 2^64 like the real thing. */
export function counter64(base: bigint, increment: number): bigint {
  return (base + BigInt(Math.floor(Math.max(increment, 0)))) % TWO_64;
}

/** Counter32 value wrapping at 2^32. */
export function counter32(base: number, increment: number): number {
  return Math.floor(base + Math.max(increment, 0)) % TWO_32;
}

/** The 8-byte big-endian buffer net-snmp's agent expects for a Counter64. */
export function counter64Buffer(value: bigint): Buffer {
  const buf = Buffer.alloc(8);
  buf.writeBigUInt64BE(value);
  return buf;
}

/** sysUpTime-style TimeTicks (centiseconds), wrapping at 2^32. */
export function timeTicks(seconds: number): number {
  return Math.floor(seconds * 100) % TWO_32;
}

/** A gauge wandering ±amplitude around a mean, clamped to [0, 100]: CPU and memory percentages. */
export function wobble(mean: number, amplitude: number, seconds: number, periodSeconds: number, phase: number): number {
  const v = mean + amplitude * Math.sin((2 * Math.PI * seconds) / periodSeconds + phase);
  return Math.round(Math.min(Math.max(v, 0), 100));
}

export interface FlapState {
  up: boolean;
  /** Seconds since start at which the current state began (ifLastChange). */
  since: number;
  /** Seconds the link has been up in total: traffic only flows then. */
  upSeconds: number;
}

/** A link that drops for `downSeconds` at the end of every `everySeconds`. */
export function flapState(seconds: number, flap: { everySeconds: number; downSeconds: number } | undefined): FlapState {
  if (!flap) return { up: true, since: 0, upSeconds: seconds };
  const { everySeconds: period, downSeconds: down } = flap;
  const cycles = Math.floor(seconds / period);
  const inCycle = seconds - cycles * period;
  const upPart = period - down;
  const upSeconds = cycles * upPart + Math.min(inCycle, upPart);
  if (inCycle < upPart) return { up: true, since: cycles === 0 ? 0 : cycles * period, upSeconds };
  return { up: false, since: cycles * period + upPart, upSeconds };
}
