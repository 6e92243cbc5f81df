import { z } from 'zod';
import { validate as validateCron } from 'node-cron';
import { prefixString } from './srv6';

/**
 * Discovery sweeps: which IPv4 prefixes (default: every unit's) and which IPv6 addresses to ask, with which
 * credentials in order, how fast. IPv6 is only swept where listed and at most a /120 (256 addresses).
 */
export const discoverySchema = z
  .strictObject({
    enabled: z.boolean().default(false),
    /** IPv4 prefixes, and IPv6 prefixes of /120 or smaller; empty: every unit's IPv4 prefixes. */
    ranges: z
      .array(
        prefixString().refine((p) => !p.includes(':') || Number(p.split('/')[1] ?? 128) >= 120, 'IPv6 ranges must be /120 or smaller'),
      )
      .max(1000)
      .default([]),
    /** Prefixes never asked. */
    exclude: z.array(prefixString()).max(1000).default([]),
    /** Credential names tried in order (put v3 first); empty: every credential, v3 first. */
    credentials: z.array(z.string().min(1)).max(32).default([]),
    /** node-cron schedule of the sweep; unset: only on request (POST /api/discovery/sweep). */
    schedule: z.string().refine((s) => validateCron(s), 'not a valid cron expression').optional(),
    /** SNMP requests sent per second at most, so a sweep never looks like a scan to an IDS. */
    rate_per_second: z.number().int().min(1).max(10_000).default(200),
    /** Candidates stored at most; past it new ones are dropped and counted. */
    max_candidates: z.number().int().min(10).max(1_000_000).default(10_000),
    /** New candidates matching a rule (unit and/or vendor as the vendor table names it) become devices at once. */
    auto_approve: z
      .array(z.strictObject({ unit: z.string().min(1).optional(), vendor: z.string().min(1).optional() }).refine((r) => r.unit || r.vendor, 'give unit, vendor or both'))
      .max(100)
      .default([]),
    /** Addresses in one sweep at most (a /16 is 65 536). */
    max_addresses: z.number().int().min(1).max(16_777_216).default(1_048_576),
  })
  .prefault({});
export type DiscoveryConfig = z.infer<typeof discoverySchema>;
