import type { DeviceFacts, PollEvidence, Sample } from '../../collectors/types';
import type { DeviceRow } from '../../db/schema/inventory';
import type { PollError } from './state';

/**
 * What one poll of one device produced, handed to every listener (metrics rendering is done by then).
 * Frozen, and not kept by the fleet: a listener keeps what it needs.
 */
export interface PollResult {
  readonly device: Readonly<DeviceRow>;
  readonly at: Date;
  /** Whether the device answered the system GET. */
  readonly up: boolean;
  readonly facts: DeviceFacts | null;
  /** Errors of this poll, each naming its collector (a device can be up with a failing collector). */
  readonly errors: readonly PollError[];
  /** Samples by collector, for the collectors that ran in this poll. */
  readonly samples: ReadonlyMap<string, readonly Sample[]>;
  /** Typed evidence of the collectors that ran, parsed once. */
  readonly evidence: Readonly<PollEvidence>;
}

export type PollListener = (result: PollResult) => void;
