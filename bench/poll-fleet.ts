/**
 * The poll benchmark's lab fleet and its number of cycles, shared by bench:poll and the same-work program it runs.
 */
import { labDevices, type FleetLab } from './fleet-lab';

export const POLL_LAB: FleetLab = { prefix: 'yn-bench', root: '198.19.65.1', agent: '198.19.65.2', firstPort: 20000, ports: Number(process.env.BENCH_PORTS ?? 250), sysName: 'bench-fleet' };
export const CYCLES = Math.max(2, Number(process.env.BENCH_CYCLES ?? 3));

export const fleetDevices = (n: number) => labDevices(POLL_LAB, n, 'bench');
