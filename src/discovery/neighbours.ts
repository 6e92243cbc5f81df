import type { AppContext } from '../context';
import type { Services } from '../services';
import type { UnknownNeighbour } from '../topology/service';
import { proposeCandidate } from './candidates';
import { sweep, sweepRanges } from './sweep';
import { contains, prefixSet } from './prefixes';
import { discoveryService } from './service';

/** At most this many unknown neighbours are handed to discovery per poll cycle; the rest wait for the next. */
export const MAX_PROPOSALS_PER_CYCLE = 64;
/** Addresses remembered as already proposed (so each is proposed and asked once, not every cycle). */
const MAX_REMEMBERED = 10_000;

/**
 * Unknown LLDP/CDP neighbours with a management address become discovery candidates (source "lldp"). With
 * discovery enabled, each new one is asked once with the discovery credentials (at the discovery rate), so the
 * candidate carries the credential that answered and an admin can approve it — but only inside the discovery
 * ranges: a rogue neighbour announcing an outside address must not make yunet send it a community.
 */
export class NeighbourCandidates {
  private proposed = new Set<string>();
  private waiting = new Set<string>();
  private asking: Promise<void> | null = null;

  constructor(
    private readonly ctx: AppContext,
    /** The agents' UDP port (161; tests use their own). */
    private readonly port = 161,
  ) {}

  /** Proposes the neighbours not proposed before; returns the addresses newly stored as candidates. */
  async propose(unknown: UnknownNeighbour[]): Promise<string[]> {
    const fresh: string[] = [];
    let handled = 0;
    for (const n of unknown) {
      const address = n.managementAddresses[0];
      if (!address || this.proposed.has(address)) continue;
      if (handled++ >= MAX_PROPOSALS_PER_CYCLE) break;
      if (this.proposed.size >= MAX_REMEMBERED) this.proposed.clear();
      this.proposed.add(address);
      const outcome = await proposeCandidate(this.ctx.db, { address, sysName: n.sysName || null, source: 'lldp' }, { maxCandidates: this.ctx.config.discovery.max_candidates });
      if (outcome === 'new') fresh.push(address);
      if (outcome === 'dropped') discoveryService(this.ctx).dropped.inc();
    }
    if (fresh.length && this.ctx.config.discovery.enabled) this.ask(fresh);
    return fresh;
  }

  /** Resolves when every address handed to `ask` so far has been asked (for tests and shutdown). */
  async settled(): Promise<void> {
    while (this.asking) await this.asking;
  }

  private ask(addresses: string[]): void {
    for (const a of addresses) this.waiting.add(a);
    if (this.asking) return;
    this.asking = (async () => {
      while (this.waiting.size) {
        const cfg = this.ctx.config.discovery;
        const allowed = prefixSet(await sweepRanges(this.ctx.db, cfg));
        const batch = [...this.waiting].filter((a) => contains(allowed, a));
        if (batch.length < this.waiting.size) this.ctx.log.warn('unknown neighbours outside the discovery ranges not asked', { count: this.waiting.size - batch.length });
        this.waiting.clear();
        if (!batch.length) break;
        const ranges = batch.map((a) => (a.includes(':') ? `${a}/128` : `${a}/32`));
        await sweep(this.ctx.db, { ...cfg, ranges }, { timeoutMs: this.ctx.config.polling.timeout_ms, port: this.port }).catch((e: Error) =>
          this.ctx.log.warn('asking unknown neighbours failed', { error: e.message }),
        );
      }
    })().finally(() => {
      this.asking = null;
    });
  }
}

/**
 * Feature start: at the end of every poll cycle, the topology's unknown neighbours go to discovery. Cycles' proposals
 * run one after the other, failures go where a failing cycle listener's do, and stopping waits for the last one.
 * Several nodes: the one serving the fleet's figures proposes, from the whole graph (it reads the others' devices);
 * the others would read them all at every cycle end to repeat its work.
 */
export function startNeighbourCandidates(ctx: AppContext, services: Services): () => Promise<void> {
  const candidates = new NeighbourCandidates(ctx);
  let proposing = Promise.resolve();
  ctx.fleet.onCycleEnd(() => {
    if (!ctx.membership.fleetWide) return;
    proposing = proposing.then(async () => candidates.propose((await services.topology.fresh()).unknown)).then(
      () => undefined,
      (e: unknown) => ctx.fleet.onError('cycle-listener', e),
    );
  });
  return async () => {
    await proposing;
    await candidates.settled();
  };
}
