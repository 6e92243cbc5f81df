import type { Lang } from '../../field/labels';
import type { Kind } from '../../field/records/kinds';
import type { ImportReport } from '../../field/sheets/import';
import { t } from '../i18n';
import { Message } from '../layout';
import { kindPath } from './records';

export function ImportPage(p: { lang: Lang; kinds: Kind[]; csrf: string; selected?: string; err?: string }) {
  const { lang } = p;
  return (
    <>
      <h1>{t(lang, 'import')}</h1>
      <Message err={p.err} />
      <form method="post" action="/field/import" enctype="multipart/form-data" class="card">
        <input type="hidden" name="_csrf" value={p.csrf} />
        <div class="grid">
          <label>
            {t(lang, 'kind')}
            <select name="kind">
              {p.kinds.map((k) => (
                <option value={k.name} selected={k.name === p.selected}>
                  {t(lang, k.name)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t(lang, 'file')}
            <input type="file" name="file" accept=".csv,.xlsx,text/csv" required />
          </label>
        </div>
        <p class="muted">{t(lang, 'file_hint')}</p>
        <button type="submit">{t(lang, 'preview')}</button>
      </form>
    </>
  );
}

export function PreviewPage(p: { lang: Lang; kind: Kind; report: ImportReport; uploadId: string | null; csrf: string; fileName: string }) {
  const { lang, report: r } = p;
  const done = r.applied && !r.dry_run;
  return (
    <>
      <h1>
        {t(lang, 'import')} · {t(lang, p.kind.name)} · {done ? t(lang, 'imported') : t(lang, 'preview')}
      </h1>
      <div class="card" id="import-summary">
        <p>
          {p.fileName} · {t(lang, 'format')} {r.format.toUpperCase()}
          {r.charset ? ` · ${t(lang, 'charset')} ${r.charset.toUpperCase()}` : ''}
        </p>
        <table>
          <tbody>
            <tr>
              <td>{t(lang, 'created')}</td>
              <td class="num" id="created">{r.created}</td>
            </tr>
            <tr>
              <td>{t(lang, 'changed')}</td>
              <td class="num" id="changed">{r.changed}</td>
            </tr>
            <tr>
              <td>{t(lang, 'unchanged')}</td>
              <td class="num">{r.unchanged}</td>
            </tr>
            <tr>
              <td>{t(lang, 'rejected')}</td>
              <td class="num" id="rejected">{r.rejected.length}</td>
            </tr>
          </tbody>
        </table>
      </div>
      {r.rejected.length > 0 && (
        <>
          <div class="msg err">{t(lang, 'nothing_stored')}</div>
          <div class="card wrap" tabindex={0}>
            <table id="row-errors">
              <thead>
                <tr>
                  <th>{t(lang, 'row')}</th>
                  <th>{t(lang, 'column')}</th>
                  <th>{t(lang, 'problem')}</th>
                </tr>
              </thead>
              <tbody>
                {r.rejected.map((e) => (
                  <tr>
                    <td class="num">{e.row}</td>
                    <td>{e.column}</td>
                    <td>{e.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {r.preview.length > 0 && (
        <div class="card wrap" tabindex={0}>
          <table id="preview">
            <thead>
              <tr>
                <th>{t(lang, 'row')}</th>
                <th />
                <th>{p.kind.idKey}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {r.preview.map((x) => (
                <tr>
                  <td class="num">{x.row}</td>
                  <td>{x.action === 'create' ? t(lang, 'created') : t(lang, 'changed')}</td>
                  <td>{x.key}</td>
                  <td class="muted">{x.fields.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {p.uploadId && !r.rejected.length && !done && (
        <form method="post" action="/field/import/confirm" class="card">
          <input type="hidden" name="_csrf" value={p.csrf} />
          <input type="hidden" name="upload" value={p.uploadId} />
          <button type="submit">{t(lang, 'confirm')}</button> <a href="/field/import">{t(lang, 'cancel')}</a>
        </form>
      )}
      {done && (
        <p>
          <a class="button" href={kindPath(p.kind)}>
            {t(lang, p.kind.name)}
          </a>
        </p>
      )}
    </>
  );
}
