import type { Kind } from '../field/records/kinds';
import { cellValue } from '../field/sheets/columns';
import { kindSchema } from '../field/api/schemas';
import { formatIssues } from '../config/load';

/**
 * A submitted record form as API input: cells typed the way spreadsheet cells are, empty fields
 * cleared on edit and left out on create, then the same zod schema the API uses.
 */
export function formInput(kind: Kind, body: Record<string, unknown>, mode: 'create' | 'patch'): { input: Record<string, unknown>; errors: string[] } {
  const input: Record<string, unknown> = {};
  const errors: string[] = [];
  for (const f of kind.fields) {
    const raw = body[f.key];
    if (typeof raw !== 'string') continue;
    try {
      const v = cellValue(f, raw);
      if (v !== undefined) input[f.key] = v;
      else if (mode === 'patch' && !f.required) input[f.key] = null;
    } catch (e) {
      errors.push(`${f.key}: ${(e as Error).message}`);
    }
  }
  if (errors.length) return { input, errors };
  const parsed = kindSchema(kind, mode).safeParse(input);
  if (!parsed.success) return { input, errors: formatIssues(parsed.error) };
  return { input: parsed.data as Record<string, unknown>, errors: [] };
}
