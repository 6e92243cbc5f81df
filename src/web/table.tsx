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
