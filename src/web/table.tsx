import type { Child } from 'hono/jsx';
import type { Lang } from '../field/labels';

/** A column heading in both languages; `num` right-aligns it over numbers. */
export type Column = [zh: string, en: string, num?: 'num'];

/** The heading row of a table, in the page's language, or in both (Chinese, English small) for bilingual reports. */
export function HeadRow({ lang, columns }: { lang: Lang | 'both'; columns: Column[] }) {
  return (
    <thead>
      <tr>
        {columns.map(([zh, en, num]) => (
          <th scope="col" class={num}>
            {lang === 'both' ? (
              <>
                {zh}
                {en !== zh && (
                  <>
                    {' '}
                    <small>{en}</small>
                  </>
                )}
              </>
            ) : lang === 'zh' ? (
              zh
            ) : (
              en
            )}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** A column of a data table: its heading, what a row shows in it, and the cells' class (`num` heads it too). */
export type DataColumn<T> = [zh: string, en: string, cell: (row: T) => Child, cls?: 'num' | 'wide'];

/** A table of `rows`, a cell per column, headed in the page's language (or both); "None" when there are no rows. */
export function DataTable<T>({ lang, rows, columns }: { lang: Lang | 'both'; rows: T[]; columns: DataColumn<T>[] }) {
  if (!rows.length) return <p class="none">{lang === 'both' ? '无 None' : lang === 'zh' ? '无' : 'None'}</p>;
  return (
    <table>
      <HeadRow lang={lang} columns={columns.map(([zh, en, , cls]): Column => (cls === 'num' ? [zh, en, cls] : [zh, en]))} />
      <tbody>
        {rows.map((row) => (
          <tr>
            {columns.map(([, , cell, cls]) => (
              <td class={cls}>{cell(row)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
