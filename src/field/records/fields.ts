import { z } from 'zod';
import { isIsoDate } from '../dates';

/**
 * One field of a record kind: its JSON key (also the English spreadsheet header), the drizzle
 * property, the Chinese header, how a spreadsheet cell is read, and the zod check of its value.
 */
export interface FieldDef {
  key: string;
  prop: string;
  zh: string;
  /** Extra header spellings accepted on import. */
  aliases?: string[];
  type: 'text' | 'int' | 'real' | 'date' | 'enum' | 'town' | 'village' | 'station' | 'inspection';
  /** labels.ts group for enum values. */
  enumGroup?: string;
  schema: z.ZodType;
  required?: boolean;
}

export const text = (max = 500) => z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);
export const isoDate = z.string().trim().refine(isIsoDate, 'expected a date YYYY-MM-DD');
export const latitude = z.number().min(-90, 'latitude must be between -90 and 90 (WGS-84)').max(90, 'latitude must be between -90 and 90 (WGS-84)');
export const longitude = z.number().min(-180, 'longitude must be between -180 and 180 (WGS-84)').max(180, 'longitude must be between -180 and 180 (WGS-84)');
export const enumOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: (iss) => `"${String(iss.input)}" is not one of ${values.join(', ')}` });

/** zod object of a kind for create (required fields required) or patch (everything optional). */
export function objectSchema(fields: FieldDef[], mode: 'create' | 'patch', extra: Record<string, z.ZodType> = {}) {
  const shape: Record<string, z.ZodType> = { ...extra };
  for (const f of fields) shape[f.key] = mode === 'create' && f.required ? f.schema : f.schema.nullish();
  return z.strictObject(shape);
}
