import { stringify } from 'csv-stringify/sync';

/**
 * CSV the way Excel opens it safely: UTF-8 with a byte-order mark (Chinese Excel would read GBK
 * otherwise), and every text cell that Excel would run as a formula — starting with =, +, -, @, tab or
 * CR — prefixed with a quote. Numbers stay numbers (-5 is not a formula). Every CSV yunet writes goes
 * through here.
 */
export function toCsv(rows: readonly (readonly unknown[])[] | readonly Record<string, unknown>[], columns?: readonly string[]): string {
  return (
    '\ufeff' +
    stringify(rows as unknown[], {
      header: !!columns,
      columns: columns ? [...columns] : undefined,
      escape_formulas: true,
      cast: { boolean: (b) => (b ? 'true' : 'false'), date: (d) => d.toISOString() },
    })
  );
}
