import { z } from 'zod';
import { operators } from '../../../db/schema/field';
import { kinds, type Kind, type KindName } from '../records/kinds';
import { enumOf, isoDate, objectSchema, text } from '../records/fields';

/** Request bodies of the field API, shared by the routes and the OpenAPI document. */
export const reasonSchema = z.string().trim().min(1).max(1000);

export const createSchemas = Object.fromEntries(Object.values(kinds).map((k) => [k.name, objectSchema(k.fields, 'create')])) as Record<KindName, z.ZodObject>;
export const patchSchemas = Object.fromEntries(
  Object.values(kinds).map((k) => [k.name, objectSchema(k.fields, 'patch', { reason: reasonSchema.optional() })]),
) as Record<KindName, z.ZodObject>;

export const transitionSchema = z.strictObject({
  status: z.string().min(1),
  date: isoDate.optional().describe('date the status was reached (YYYY-MM-DD, Asia/Shanghai); default today'),
  reason: reasonSchema.optional().describe('required (with the admin role) to move back'),
});

export const targetSchema = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  town: text(50),
  operator: enumOf(operators).nullish().describe('omit for the town target over all operators'),
  target: z.number().int().min(0).max(100_000),
});

export const townSchema = z.strictObject({ name: text(50), sort_order: z.number().int().min(0).max(1000).optional() });
export const villageSchema = z.strictObject({ name: text(100) });

export const inspectionSchema = z.strictObject({
  date: isoDate,
  town: text(50),
  villages: z.array(text(100)).max(500).default([]),
  inspector: text(100).nullish(),
  notes: text(2000).nullish(),
});

export function kindSchema(k: Kind, mode: 'create' | 'patch') {
  return mode === 'create' ? createSchemas[k.name] : patchSchemas[k.name];
}
