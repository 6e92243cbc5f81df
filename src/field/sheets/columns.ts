import { codeOf, enumLabels } from '../labels';
import { normaliseDate } from '../dates';
import type { FieldDef } from '../records/fields';
import type { Kind } from '../records/kinds';

const norm = (s: string) => s.trim().toLowerCase().replace(/[\s_\-（）()]/g, '');

export class ColumnsError extends Error {}

/** Column index → field; the id column (blind spots, hazards) updates an existing record. */
export interface ColumnMap {
  fields: { index: number; header: string; field: FieldDef }[];
  idIndex: number | null;
}

/** Matches headers (Chinese or English, any case and spacing) to a kind's fields; wrong columns are refused as a whole. */
export function mapColumns(kind: Kind, headers: string[]): ColumnMap {
  const names = new Map<string, FieldDef | 'id'>();
  for (const f of kind.fields) for (const n of [f.key, f.zh, ...(f.aliases ?? [])]) names.set(norm(n), f);
  if (kind.idKey === 'id') for (const n of ['id', '编号', '序号id']) names.set(norm(n), 'id');
  const map: ColumnMap = { fields: [], idIndex: null };
  const unknown: string[] = [];
  const seen = new Map<string, string>();
  headers.forEach((h, index) => {
    if (h.trim() === '') return;
    const f = names.get(norm(h));
    if (!f) return unknown.push(`"${h}"`);
    const key = f === 'id' ? 'id' : f.key;
    if (seen.has(key)) throw new ColumnsError(`columns "${seen.get(key)}" and "${h}" both hold ${key}`);
    seen.set(key, h);
    if (f === 'id') map.idIndex = index;
    else map.fields.push({ index, header: h, field: f });
  });
  const missing = kind.fields.filter((f) => f.required && !seen.has(f.key)).map((f) => `${f.zh} (${f.key})`);
  if (unknown.length || missing.length)
    throw new ColumnsError(
      [unknown.length ? `unknown column(s) ${unknown.join(', ')}` : '', missing.length ? `missing required column(s) ${missing.join(', ')}` : '']
        .filter(Boolean)
        .join('; ') + `. Expected columns: ${kind.fields.map((f) => `${f.zh}/${f.key}`).join(', ')}`,
    );
  return map;
}

/** A cell as the typed value its field expects; empty cells are absent. Throws a message naming the problem. */
export function cellValue(f: FieldDef, cell: string): unknown {
  const s = cell.trim();
  if (s === '') return undefined;
  switch (f.type) {
    case 'int':
    case 'inspection':
    case 'real': {
      const n = Number(s.replace(/,/g, ''));
      if (!Number.isFinite(n)) throw new Error(`"${s}" is not a number`);
      return n;
    }
    case 'date': {
      const d = normaliseDate(s);
      if (!d) throw new Error(`"${s}" is not a date (write 2023-05-01)`);
      return d;
    }
    case 'enum': {
      const code = codeOf(f.enumGroup!, s);
      if (!code) throw new Error(`"${s}" is not one of ${Object.entries(enumLabels[f.enumGroup!]).map(([c, n]) => (c === n.zh ? c : `${n.zh}/${c}`)).join(', ')}`);
      return code;
    }
    default:
      return s;
  }
}
