import superjson from 'superjson';
import type { IpCounters, IpEvidence } from '../../collectors/ip-evidence';
import type { SystemIdentity } from '../../collectors/types';
import type { PollError } from '../poll/state';
import type { TrafficState } from './traffic';
import { joinSeen, splitSeen, type SeenFacts, type SeenState, type SharedSeen } from '../topology/service';

/** What one device's owner knows for readiness. */
export interface DeviceEvidence {
  up: boolean | null;
  evidence: IpEvidence | null;
  at: Date | null;
  note: string | null;
  traffic: TrafficState | null;
  /** sysObjectID, sysDescr, sysLocation of the latest system poll (the 信创 inventory classifies by them). */
  system: SystemIdentity | null;
  /** The owner's last poll, for the device list of every node. */
  poll: PollStatus | null;
  /** Neighbours and interfaces, so the topology of every node joins links between devices of two nodes. */
  topology: SharedSeen | null;
}

export interface PollStatus {
  at: Date | null;
  vendor: string | null;
  errors: PollError[];
}

/** What changes rarely (plain JSON, written when it changed): addresses, routes, identity, neighbours, interfaces. */
interface Facts {
  evidence: Omit<IpEvidence, 'counters'> | null;
  system: Omit<SystemIdentity, 'sysUpTime'> | null;
  topology: SeenFacts | null;
}

/** What changes with every poll (superjson: dates and bigint counters kept as they are). */
interface State {
  at: Date | null;
  note: string | null;
  traffic: TrafficState | null;
  poll: PollStatus | null;
  counters: IpCounters | null;
  sysUpTime: number | null;
  topology: SeenState | null;
}

/** A device's evidence in its two parts, as text. */
export function encodeEvidence(e: DeviceEvidence): { facts: string; state: string } {
  const { counters = null, ...evidence } = e.evidence ?? {};
  const { sysUpTime = null, ...system } = e.system ?? {};
  const topology = e.topology && splitSeen(e.topology);
  const facts: Facts = { evidence: e.evidence ? (evidence as Facts['evidence']) : null, system: e.system ? (system as Facts['system']) : null, topology: topology?.facts ?? null };
  const state: State = { at: e.at, note: e.note, traffic: e.traffic, poll: e.poll, counters, sysUpTime, topology: topology?.state ?? null };
  return { facts: JSON.stringify(facts), state: superjson.stringify(state) };
}

/** The facts part as encodeEvidence wrote it; throws on anything else. */
export function decodeFacts(text: string): Facts {
  const f = JSON.parse(text) as Facts;
  if (typeof f !== 'object' || f === null) throw new Error('the facts are not an object');
  return f;
}

/**
 * The device's evidence from its state and its facts (null when the row has none). A node of the previous version
 * wrote everything into the state, the topology as a JSON text: read as well, for a rolling upgrade.
 * Throws on a state or a topology it cannot read.
 */
export function decodeEvidence(up: boolean | null, stateText: string, facts: Facts | null): DeviceEvidence {
  // This version's state, or the previous version's whole evidence.
  const state = superjson.parse<Partial<Omit<State, 'topology'> & Omit<DeviceEvidence, 'topology'>> & { topology?: unknown }>(stateText);
  if (typeof state !== 'object' || state === null) throw new Error('the state is not an object');
  // Every state this version writes has its counters (null or not).
  if (!facts && !('counters' in state)) {
    const seen = typeof state.topology === 'string' ? JSON.parse(state.topology) : null;
    return { up, evidence: state.evidence ?? null, at: state.at ?? null, note: state.note ?? null, traffic: state.traffic ?? null, system: state.system ?? null, poll: state.poll ?? null, topology: seen && joinSeen(seen, seen) };
  }
  const topology = facts?.topology && state.topology ? joinSeen(facts.topology, state.topology as SeenState) : null;
  return {
    up,
    evidence: facts?.evidence ? { ...facts.evidence, counters: state.counters ?? { ipv4: null, ipv6: null } } : null,
    at: state.at ?? null,
    note: state.note ?? null,
    traffic: state.traffic ?? null,
    system: facts?.system ? { ...facts.system, sysUpTime: state.sysUpTime ?? null } : null,
    poll: state.poll ?? null,
    topology,
  };
}
