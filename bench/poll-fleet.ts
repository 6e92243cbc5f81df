/**
 * The poll benchmark's lab fleet (one snmpd in a network namespace listening on many ports, each port polled as several
 * devices) and its number of cycles, shared by bench:poll and the same-work program it runs.
 */

export const PREFIX = 'yn-bench';
export const AGENT = '198.19.65.2';
export const FIRST_PORT = 20000;
export const PORTS = Number(process.env.BENCH_PORTS ?? 250);
export const CYCLES = Math.max(2, Number(process.env.BENCH_CYCLES ?? 3));

/** Device i polls port FIRST_PORT + (i mod PORTS). */
export function fleetDevices(n: number) {
  return Array.from({ length: n }, (_, i) => ({ name: `bench-${String(i).padStart(4, '0')}`, address: AGENT, port: FIRST_PORT + (i % PORTS), credential: 'public' }));
}
