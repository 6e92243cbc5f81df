import { Hono, type Context } from 'hono';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { setCookie } from 'hono/cookie';
import { requireRole } from '../auth/middleware';
import { allows } from '../auth/tokens';
import { ApiError, userError } from '../http/errors';
import type { AppContext } from '../context';
import { today } from '../field/dates';
import { operators, towns } from '../../db/schema/field';
import { blindSpotProgress, hazardProgress, stationProgress, targetYears } from '../field/progress';
import { kinds, type Kind } from '../field/records/kinds';
import { RecordService } from '../field/records/service';
import { exportSheet } from '../field/sheets/export';
import { importSheet } from '../field/sheets/import';
import { asFileError, importLimits } from '../field/api/spreadsheets';
import { PendingUploads } from './pending-uploads';
import { bodyTooLargeMessage } from '../http/body-limit';
import { isStorageError, StorageUnavailableError } from '../faults';
import { formInput } from './form-input';
import { t } from './i18n';
import { LANG_COOKIE, langOf, pageRenderer } from './layout';
import { ImportPage, PreviewPage } from './pages/import';
import { ProgressPage } from './pages/progress';
import { FormPage, kindPath, ListPage } from './pages/records';
import { SignInPage } from './pages/signin';
import { formGuard, sessionMiddleware, signIn, signOut } from './session';

/** An upload waiting for its owner to confirm the preview. */
interface PendingUpload {
  file: Uint8Array;
  kind: Kind;
  fileName: string;
}

/** Where sign-in may send the browser back to: yunet's own pages only, never another site. */
const safeNext = (s: unknown) => (typeof s === 'string' && /^\/((field|drills|devices|readiness|topology|xinchuang|discovery)(\/|\?|$)|$|\?)/.test(s) ? s : '/field');

/**
 * The coordinators' pages under /field: progress, lists with in-place status change, forms,
 * spreadsheet import with preview, sign-in. Server-rendered, no client framework.
 */
export function fieldPageRoutes(ctx: AppContext): Hono {
  const { db } = ctx;
  const app = new Hono();
  const services = new Map(Object.values(kinds).map((k) => [k.name, new RecordService(db, k)]));
  const pending = ctx.config.imports;
  const uploads = new PendingUploads<PendingUpload>({ perUser: pending.pending_per_user, total: pending.pending_total, totalBytes: pending.pending_total_bytes, ttlMs: pending.pending_minutes * 60_000 });
  const imports = importLimits(ctx);
  const read = requireRole(db, 'viewer');
  const write = requireRole(db, 'coordinator');

  // Scoped to /field: the session cookie must never authenticate API calls.
  for (const p of ['/field/*']) {
    app.use(p, sessionMiddleware(db), csrf(), pageRenderer({ demo: ctx.demo }));
    app.use(p, formGuard(['/field/signin']));
  }
  app.onError((err, c) => {
    const lang = langOf(c);
    const tooLarge = bodyTooLargeMessage(c);
    if (tooLarge) {
      c.status(413);
      return c.render(<div class="msg err">{tooLarge}</div>);
    }
    if (err instanceof ApiError && err.status === 401) return c.redirect(`/field/signin?next=${encodeURIComponent(c.req.path)}`);
    if (isStorageError(err)) {
      ctx.faults.record('http', err);
      c.status(503);
      return c.render(<div class="msg err">{new StorageUnavailableError().message}</div>);
    }
    const user = userError(err);
    const status = user ? user.status : err instanceof HTTPException ? err.status : 500;
    if (status === 500) ctx.log.error('page failed', { path: c.req.path, error: err.message });
    c.status(status);
    return c.render(
      <div class="msg err">{status === 403 && !err.message.startsWith('form:') ? t(lang, 'forbidden') : status === 500 ? 'internal error' : (user ?? err).message || `HTTP ${status}`}</div>,
    );
  });

  const csrfOf = (c: Context) => c.get('csrfToken') ?? '';
  const townNames = async () => (await db.select({ name: towns.name }).from(towns).orderBy(towns.sortOrder, towns.id)).map((r) => r.name);

  app.get('/field/signin', (c) => c.render(<SignInPage lang={langOf(c)} next={safeNext(c.req.query('next'))} />));
  app.post('/field/signin', async (c) => {
    const body = await c.req.parseBody();
    const next = safeNext(body.next);
    if (typeof body.token === 'string' && (await signIn(c, db, body.token, { trustProxy: ctx.config.http.trust_proxy }))) return c.redirect(next, 303);
    c.status(401);
    return c.render(<SignInPage lang={langOf(c)} next={next} err={t(langOf(c), 'bad_token')} />);
  });
  app.post('/field/signout', async (c) => {
    await signOut(c, db);
    return c.redirect('/field/signin', 303);
  });
  app.get('/field/lang', (c) => {
    setCookie(c, LANG_COOKIE, c.req.query('to') === 'en' ? 'en' : 'zh', { path: '/', maxAge: 365 * 86400, sameSite: 'Lax' });
    return c.redirect(safeNext(c.req.query('back')));
  });

  app.get('/field', read, async (c) => {
    const y = c.req.query('year');
    const op = c.req.query('operator');
    const operator = op && (operators as readonly string[]).includes(op) ? op : null;
    const targets = await targetYears(db);
    const years = new Set(targets.years);
    // Without a year asked for: this year if it has targets, else the latest year that has (data to look at).
    const year = y && /^\d{4}$/.test(y) ? Number(y) : targets.current;
    years.add(Number(today().slice(0, 4)));
    years.add(year);
    const [stations, spots, hazards, history] = await Promise.all([
      stationProgress(db, year, operator),
      blindSpotProgress(db),
      hazardProgress(db),
      Promise.all(targets.years.map(async (y) => ({ year: y, ...(await stationProgress(db, y, operator)).district }))),
    ]);
    return c.render(<ProgressPage lang={langOf(c)} stations={stations} spots={spots} hazards={hazards} years={[...years].sort((a, b) => b - a)} history={history} />);
  });

  for (const k of Object.values(kinds)) {
    const svc = services.get(k.name)!;
    const path = kindPath(k);
    app.get(path, read, async (c) => {
      const q = Object.fromEntries(Object.entries(c.req.query()).filter(([key, v]) => v !== '' && !['ok', 'err', 'page'].includes(key)));
      const list = await svc.list({ ...q, page: c.req.query('page') });
      const who = c.get('principal');
      return c.render(
        <ListPage lang={langOf(c)} kind={k} towns={await townNames()} query={q} list={list} csrf={csrfOf(c)} canWrite={allows(who.role, 'coordinator')} isAdmin={who.role === 'admin'} ok={c.req.query('ok')} err={c.req.query('err')} />,
      );
    });
    app.post(`${path}/:key/status`, write, async (c) => {
      const body = await c.req.parseBody();
      const back = safeNext(body.back);
      const sep = back.includes('?') ? '&' : '?';
      const key = c.req.param('key');
      try {
        await svc.save(key, { status: String(body.status ?? '') }, c.get('principal'), typeof body.reason === 'string' ? body.reason : null);
        return c.redirect(`${back}${sep}ok=${encodeURIComponent(`${key}: ${t(langOf(c), 'saved')}`)}`, 303);
      } catch (e) {
        const user = userError(e);
        if (!user) throw e;
        return c.redirect(`${back}${sep}err=${encodeURIComponent(user.message)}`, 303);
      }
    });
    const form = async (c: Context, record: Parameters<typeof FormPage>[0]['record'], values: Record<string, unknown>, errors?: string[]) =>
      c.render(<FormPage lang={langOf(c)} kind={k} record={record} values={values} towns={await townNames()} csrf={csrfOf(c)} isAdmin={c.get('principal').role === 'admin'} errors={errors} />);
    app.get(`${path}/new`, write, (c) => form(c, null, {}));
    app.post(`${path}/new`, write, async (c) => {
      const body = await c.req.parseBody();
      const { input, errors } = formInput(k, body, 'create');
      if (errors.length) return form(c, null, body, errors);
      try {
        const { record } = await svc.save(null, input, c.get('principal'));
        return c.redirect(`${path}?q=${encodeURIComponent(String(record[k.idKey === 'code' ? 'code' : 'name']))}&ok=${encodeURIComponent(t(langOf(c), 'saved'))}`, 303);
      } catch (e) {
        const user = userError(e);
        if (!user) throw e;
        return form(c, null, body, user.details ?? [user.message]);
      }
    });
    app.get(`${path}/:key/edit`, write, async (c) => {
      const record = await svc.get(c.req.param('key'));
      return form(c, record, record);
    });
    app.post(`${path}/:key/edit`, write, async (c) => {
      const record = await svc.get(c.req.param('key'));
      const body = await c.req.parseBody();
      const { input, errors } = formInput(k, body, 'patch');
      if (errors.length) return form(c, record, body, errors);
      try {
        await svc.save(c.req.param('key'), input, c.get('principal'), typeof body.reason === 'string' && body.reason ? body.reason : null);
        return c.redirect(`${path}?ok=${encodeURIComponent(`${c.req.param('key')}: ${t(langOf(c), 'saved')}`)}`, 303);
      } catch (e) {
        const user = userError(e);
        if (!user) throw e;
        return form(c, record, body, user.details ?? [user.message]);
      }
    });
  }

  app.get('/field/export/:kind', read, async (c) => {
    const k = Object.values(kinds).find((x) => x.name === c.req.param('kind').replace('-', '_'));
    if (!k) throw new ApiError(404, `no such record kind "${c.req.param('kind')}"`);
    const format = c.req.query('format') === 'xlsx' ? 'xlsx' : 'csv';
    const body = await exportSheet(db, k, format, langOf(c));
    return c.body(body as Uint8Array<ArrayBuffer>, 200, {
      'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="${k.name}-${today()}.${format}"`,
    });
  });

  app.get('/field/import', write, (c) => c.render(<ImportPage lang={langOf(c)} kinds={Object.values(kinds)} csrf={csrfOf(c)} selected={c.req.query('kind')} />));
  app.post('/field/import', write, async (c) => {
    const lang = langOf(c);
    const body = await c.req.parseBody();
    const k = Object.values(kinds).find((x) => x.name === body.kind);
    const f = body.file;
    const page = (err: string) => c.render(<ImportPage lang={lang} kinds={Object.values(kinds)} csrf={csrfOf(c)} selected={k?.name} err={err} />);
    if (!k) return page('kind: choose stations, blind spots or hazards');
    if (!(f instanceof File) || f.size === 0) return page(`${t(lang, 'file')}: ?`);
    const file = new Uint8Array(await f.arrayBuffer());
    let report;
    try {
      report = await imports.read(() => importSheet(db, k, file, c.get('principal'), { dryRun: true, limits: imports.limits })).catch((e) => {
        imports.refused(e);
        return asFileError(e);
      });
    } catch (e) {
      if (e instanceof ApiError || (e instanceof HTTPException && e.status === 503)) return page(e.message);
      throw e;
    }
    const uploadId = report.rejected.length ? null : uploads.put(c.get('principal').name, { file, kind: k, fileName: f.name }, file.byteLength);
    return c.render(<PreviewPage lang={lang} kind={k} report={report} uploadId={uploadId} csrf={csrfOf(c)} fileName={f.name} />);
  });
  app.post('/field/import/confirm', write, async (c) => {
    const body = await c.req.parseBody();
    const page = (err: string) => c.render(<ImportPage lang={langOf(c)} kinds={Object.values(kinds)} csrf={csrfOf(c)} err={err} />);
    try {
      // Taken only once the gate lets the read in: a busy refusal leaves the upload to confirm again.
      return await imports.read(async () => {
        const u = uploads.take(String(body.upload ?? ''), c.get('principal').name);
        if (!u) return page(t(langOf(c), 'expired'));
        const report = await importSheet(db, u.kind, u.file, c.get('principal'), { dryRun: false, limits: imports.limits }).catch(asFileError);
        if (report.applied) ctx.log.info('field import', { kind: u.kind.name, created: report.created, changed: report.changed, by: c.get('principal').name });
        return c.render(<PreviewPage lang={langOf(c)} kind={u.kind} report={report} uploadId={null} csrf={csrfOf(c)} fileName={u.fileName} />);
      });
    } catch (e) {
      if (e instanceof HTTPException && e.status === 503) return page(e.message);
      throw e;
    }
  });
  return app;
}
