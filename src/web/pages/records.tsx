import { enumLabels, label, type Lang } from '../../field/labels';
import type { FieldDef } from '../../field/records/fields';
import type { Kind, KindName } from '../../field/records/kinds';
import type { RecordView } from '../../field/records/engine';
import { t } from '../i18n';
import { Message } from '../layout';

/** Columns shown in each list (the rest are on the edit form). */
const listColumns: Record<KindName, string[]> = {
  stations: ['code', 'name', 'operator', 'town', 'village', 'type', 'planned_year', 'on_air_on'],
  blind_spots: ['id', 'name', 'town', 'category', 'source', 'reported_on', 'resolution'],
  hazards: ['id', 'town', 'village', 'line_type', 'hazard_type', 'severity', 'owner', 'deadline'],
};
const filterKeys: Record<KindName, string[]> = {
  stations: ['town', 'status', 'operator', 'type'],
  blind_spots: ['town', 'status', 'category', 'source'],
  hazards: ['town', 'status', 'line_type', 'severity'],
};

export const kindTitle = (k: Kind, lang: Lang) => t(lang, k.name);
export const kindPath = (k: Kind) => `/field/${k.name.replace('_', '-')}`;

function header(k: Kind, key: string, lang: Lang): string {
  if (key === 'id') return lang === 'zh' ? '编号' : 'id';
  const f = k.fields.find((x) => x.key === key)!;
  return lang === 'zh' ? f.zh : f.key.replace(/_/g, ' ');
}

function cell(k: Kind, r: RecordView, key: string, lang: Lang): string {
  const v = r[key];
  if (v == null) return '';
  const f = k.fields.find((x) => x.key === key);
  return f?.enumGroup ? label(f.enumGroup, String(v), lang) : String(v);
}

function statuses(k: Kind): string[] {
  return [...k.machine.flow, ...(k.machine.side ? [k.machine.side] : [])];
}

function Select(p: { name: string; group?: string; options: string[]; value?: string | null; lang: Lang; empty?: string }) {
  return (
    <select name={p.name}>
      {p.empty !== undefined && <option value="">{p.empty}</option>}
      {p.options.map((o) => (
        <option value={o} selected={o === p.value}>
          {p.group ? label(p.group, o, p.lang) : o}
        </option>
      ))}
    </select>
  );
}

export interface ListProps {
  lang: Lang;
  kind: Kind;
  towns: string[];
  query: Record<string, string>;
  list: { items: RecordView[]; total: number; page: number; per_page: number };
  csrf: string;
  canWrite: boolean;
  isAdmin: boolean;
  ok?: string;
  err?: string;
}

export function ListPage(p: ListProps) {
  const { lang, kind: k } = p;
  const path = kindPath(k);
  const back = `${path}?${new URLSearchParams(p.query).toString()}`;
  const pageLink = (n: number) => `${path}?${new URLSearchParams({ ...p.query, page: String(n) }).toString()}`;
  const pages = Math.max(1, Math.ceil(p.list.total / p.list.per_page));
  const options = (key: string): { group?: string; values: string[] } => {
    if (key === 'town') return { values: p.towns };
    if (key === 'status') return { group: k.statusGroup, values: statuses(k) };
    const f = k.fields.find((x) => x.key === key)!;
    return { group: f.enumGroup, values: Object.keys(enumLabels[f.enumGroup!]) };
  };
  return (
    <>
      <h1>{kindTitle(k, lang)}</h1>
      <Message ok={p.ok} err={p.err} />
      <form class="filters card" method="get" action={path}>
        {filterKeys[k.name].map((key) => {
          const o = options(key);
          return (
            <label>
              {header(k, key, lang)}
              <Select name={key} group={o.group} options={o.values} value={p.query[key]} lang={lang} empty={t(lang, 'all')} />
            </label>
          );
        })}
        <label>
          {t(lang, 'search')}
          <input type="search" name="q" value={p.query.q ?? ''} />
        </label>
        <button type="submit">{t(lang, 'filter')}</button>
        {p.canWrite && (
          <a class="button" href={`${path}/new`}>
            {t(lang, 'new')}
          </a>
        )}
        <a href={`/field/export/${k.name.replace('_', '-')}?format=csv`}>{t(lang, 'export')} CSV</a>
        <a href={`/field/export/${k.name.replace('_', '-')}?format=xlsx`}>XLSX</a>
      </form>
      <div class="card wrap" tabindex={0}>
        <table id="records">
          <thead>
            <tr>
              {listColumns[k.name].map((key) => (
                <th>{header(k, key, lang)}</th>
              ))}
              <th>{t(lang, 'status')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {p.list.items.map((r) => {
              const key = String(r[k.idKey]);
              return (
                <tr data-key={key}>
                  {listColumns[k.name].map((c) => (
                    <td>{cell(k, r, c, lang)}</td>
                  ))}
                  <td>
                    {p.canWrite ? (
                      <form class="inline status" method="post" action={`${path}/${encodeURIComponent(key)}/status`}>
                        <input type="hidden" name="_csrf" value={p.csrf} />
                        <input type="hidden" name="back" value={back} />
                        <Select name="status" group={k.statusGroup} options={statuses(k)} value={r.status as string} lang={lang} />
                        {p.isAdmin && <input name="reason" placeholder={t(lang, 'reason')} size={8} />}
                        <button type="submit">{t(lang, 'change')}</button>
                      </form>
                    ) : (
                      label(k.statusGroup, r.status as string, lang)
                    )}
                    {r.demo ? <span class="badge">{t(lang, 'demo')}</span> : null}
                  </td>
                  <td>{p.canWrite && <a href={`${path}/${encodeURIComponent(key)}/edit`}>{t(lang, 'edit')}</a>}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <div class="pager">
          <span>
            {t(lang, 'total')} {p.list.total} {t(lang, 'records')}
          </span>
          {p.list.page > 1 && <a href={pageLink(p.list.page - 1)}>{t(lang, 'prev')}</a>}
          <span>
            {p.list.page} / {pages}
          </span>
          {p.list.page < pages && <a href={pageLink(p.list.page + 1)}>{t(lang, 'next')}</a>}
        </div>
      </div>
    </>
  );
}

function Input(p: { f: FieldDef; value: unknown; lang: Lang; towns: string[]; kind: Kind }) {
  const { f, value } = p;
  const v = value == null ? '' : String(value);
  if (f.type === 'town') return <Select name={f.key} options={p.towns} value={v} lang={p.lang} empty="" />;
  if (f.key === 'status') return <Select name={f.key} group={p.kind.statusGroup} options={statuses(p.kind)} value={v} lang={p.lang} />;
  if (f.type === 'enum') return <Select name={f.key} group={f.enumGroup} options={Object.keys(enumLabels[f.enumGroup!])} value={v} lang={p.lang} empty="" />;
  if (f.type === 'date') return <input type="date" name={f.key} value={v} />;
  if (f.type === 'int' || f.type === 'real' || f.type === 'inspection') return <input type="number" step="any" name={f.key} value={v} />;
  return <input name={f.key} value={v} required={f.required} />;
}

export function FormPage(p: { lang: Lang; kind: Kind; record: RecordView | null; values: Record<string, unknown>; towns: string[]; csrf: string; isAdmin: boolean; errors?: string[] }) {
  const { lang, kind: k } = p;
  const key = p.record ? String(p.record[k.idKey]) : null;
  const action = key ? `${kindPath(k)}/${encodeURIComponent(key)}/edit` : `${kindPath(k)}/new`;
  const fields = k.fields.filter((f) => (key ? true : f.key !== 'status' && !Object.values(k.machine.dateField).includes(f.key)));
  return (
    <>
      <h1>
        {kindTitle(k, lang)} · {key ? `${t(lang, 'edit')} ${key}` : t(lang, 'new')}
      </h1>
      {p.errors?.length ? (
        <div class="msg err">
          <ul>
            {p.errors.map((e) => (
              <li>{e}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <form method="post" action={action} class="card">
        <input type="hidden" name="_csrf" value={p.csrf} />
        <div class="grid">
          {fields.map((f) => (
            <label>
              {lang === 'zh' ? f.zh : f.key.replace(/_/g, ' ')}
              {f.required ? ' *' : ''}
              <Input f={f} value={p.values[f.key]} lang={lang} towns={p.towns} kind={k} />
            </label>
          ))}
          {key && p.isAdmin && (
            <label>
              {t(lang, 'reason')}
              <input name="reason" />
            </label>
          )}
        </div>
        <p>
          <button type="submit">{t(lang, 'save')}</button> <a href={kindPath(k)}>{t(lang, 'cancel')}</a>
        </p>
      </form>
    </>
  );
}
