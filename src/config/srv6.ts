import { z } from 'zod';
import { prefixProblem, type Family } from '../net/prefix';

/** A prefix string; the issue names the offending value and what is wrong (host bits, /129, not an address). */
export function prefixString(family?: Family) {
  return z.string().superRefine((v, ctx) => {
    const problem = prefixProblem(v, family);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

/**
 * Per-device SRv6 declaration. No MIB reports SRv6 state, so operators declare it;
 * readiness checks the declaration against the evidence.
 */
export const srv6DeviceSchema = z
  .strictObject({
    capable: z.boolean().default(false),
    enabled: z.boolean().default(false),
    locator: prefixString('ipv6').optional(),
  })
  .refine((s) => !s.enabled || s.capable, { message: 'enabled: true needs capable: true', path: ['enabled'] })
  .refine((s) => !s.enabled || s.locator, { message: 'an enabled SRv6 device needs its locator prefix', path: ['locator'] });
export type Srv6Declaration = z.infer<typeof srv6DeviceSchema>;

/** District-wide SRv6 settings: the block every locator must come from. */
export const srv6DistrictSchema = z.strictObject({
  locator_block: prefixString('ipv6').optional(),
});
export type Srv6District = z.infer<typeof srv6DistrictSchema>;
