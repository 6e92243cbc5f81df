import { z } from 'zod';

const origin = z.enum(['domestic', 'foreign', 'unknown']);
export const XINCHUANG_ROLES = ['core', 'aggregation', 'access', 'security'] as const;

/** One device's identity as the operator states it; wins over what sysObjectID/sysDescr say. */
const deviceOverride = z.strictObject({
  vendor: z.string().min(1).max(64).optional(),
  model: z.string().min(1).max(128).optional(),
  version: z.string().min(1).max(128).optional(),
  role: z.enum(XINCHUANG_ROLES).optional(),
});

/** 信创 inventory: origin per vendor, per-device identity overrides, yearly domestic-share targets per unit. */
export const xinchuangSchema = z
  .strictObject({
    /** Vendor name (as the vendor table spells it, case-insensitive) → origin; adds to or overrides the defaults. */
    origins: z.record(z.string().min(1).max(64), origin).default({}),
    /** Device name → identity overrides. */
    devices: z.record(z.string().min(1).max(128), deviceOverride).default({}),
    /** Domestic share (0..1) each unit should reach by the end of a year; unit "*" is the district. */
    targets: z
      .array(z.strictObject({ unit: z.string().min(1), year: z.number().int().min(2000).max(2100), ratio: z.number().min(0).max(1) }))
      .max(10_000)
      .default([]),
  })
  .superRefine((x, ctx) => {
    const seen = new Set<string>();
    x.targets.forEach((t, i) => {
      const key = `${t.unit}\u0000${t.year}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['targets', i], message: `duplicate target for unit "${t.unit}" in ${t.year}` });
      seen.add(key);
    });
  })
  .prefault({});
export type XinchuangConfig = z.infer<typeof xinchuangSchema>;
