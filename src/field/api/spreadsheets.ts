import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Context } from 'hono';
import { requireRole } from '../../auth/middleware';
import { ApiError } from '../../http/errors';
import type { AppContext } from '../../context';
import { kinds, type Kind, type KindName } from '../records/kinds';
import { ColumnsError } from '../sheets/columns';
import { DecodeError } from '../sheets/decode';
import { refusalReasons, SheetTooLargeError, type SheetLimits } from '../sheets/limits';
import { Counter, type Registry } from 'prom-client';
import { exportSheet } from '../sheets/export';
import { importSheet } from '../sheets/import';
import { GateFullError, ReadGate } from './read-gate';

export function kindOf(name: string): Kind {
  const k = kinds[name.replace('-', '_') as KindName];
  if (!k) throw new ApiError(404, `no such record kind "${name}" (stations, blind-spots, hazards)`);
  return k;
}

/** The uploaded file: a multipart field "file", or the raw request body. */
export async function uploadedFile(c: Context): Promise<Uint8Array> {
  if ((c.req.header('content-type') ?? '').startsWith('multipart/form-data')) {
    const form = await c.req.formData();
    const f = form.get('file');
    if (!(f instanceof File)) throw new ApiError(400, 'file: choose a CSV or XLSX file to upload');
    return new Uint8Array(await f.arrayBuffer());
  }
  const buf = new Uint8Array(await c.req.arrayBuffer());
  if (!buf.length) throw new ApiError(400, 'file: the request body is empty; send the CSV/XLSX as the body or as multipart field "file"');
  return buf;
}

/** Spreadsheet errors that concern the whole file become 400s naming the problem; an oversized workbook is a 413. */
export function asFileError(e: unknown): never {
  if (e instanceof SheetTooLargeError) throw new ApiError(413, `file: ${e.message}`);
  if (e instanceof DecodeError || e instanceof ColumnsError) throw new ApiError(400, `file: ${e.message}`);
  throw e;
}

export interface Imports {
  limits: SheetLimits;
  /** Counts a refusal for its reason when `e` is one. */
  refused(e: unknown): void;
  /** Runs a read through the gate shared by the API and the pages; a 503 when it is full. */
  read<T>(task: () => Promise<T>): Promise<T>;
}

/** The import limits of the configuration, the read gate, and a counter of spreadsheets refused. */
export function importLimits(ctx: AppContext): Imports {
  const known = shared.get(ctx);
  if (known) return known;
  const c = ctx.config.imports;
  let counter = refusals.get(ctx.registry);
  if (!counter) {
    counter = new Counter({ name: 'yunet_import_rejected_total', help: 'Spreadsheets refused before import: by the limit they exceeded, or busy when the read gate was full.', labelNames: ['reason'], registers: [ctx.registry] });
    for (const reason of [...refusalReasons, 'busy']) counter.inc({ reason }, 0);
    refusals.set(ctx.registry, counter);
  }
  const n = counter;
  const gate = new ReadGate(c.concurrent_reads, c.queued_reads);
  const imports: Imports = {
    limits: { maxUnpackedBytes: c.max_unpacked_bytes, maxCells: c.max_cells, maxEntries: c.max_entries, maxRows: c.max_rows },
    refused: (e) => {
      if (e instanceof SheetTooLargeError) n.inc({ reason: e.reason });
    },
    read: (task) =>
      gate.run(task).catch((e) => {
        if (!(e instanceof GateFullError)) throw e;
        n.inc({ reason: 'busy' });
        throw new HTTPException(503, { message: `file: ${e.message}` });
      }),
  };
  shared.set(ctx, imports);
  return imports;
}
const shared = new WeakMap<AppContext, Imports>();
const refusals = new WeakMap<Registry, Counter<'reason'>>();

export function spreadsheetRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  const imports = importLimits(ctx);
  app.post(
    '/import/:kind',
    requireRole(ctx.db, 'coordinator'),
    async (c) => {
      const kind = kindOf(c.req.param('kind'));
      const dryRun = ['1', 'true', 'yes'].includes(c.req.query('dry_run') ?? '');
      const file = await uploadedFile(c);
      const report = await imports.read(() => importSheet(ctx.db, kind, file, c.get('principal'), { dryRun, limits: imports.limits })).catch((e) => {
        imports.refused(e);
        return asFileError(e);
      });
      if (report.applied) ctx.log.info('field import', { kind: kind.name, created: report.created, changed: report.changed, by: c.get('principal').name });
      return c.json(report, report.rejected.length ? 422 : 200);
    },
  );
  app.get('/export/:kind', requireRole(ctx.db, 'viewer'), async (c) => {
    const kind = kindOf(c.req.param('kind'));
    const format = c.req.query('format') ?? 'csv';
    if (format !== 'csv' && format !== 'xlsx') throw new ApiError(400, `format: "${format}" is not csv or xlsx`);
    const lang = c.req.query('lang') === 'en' ? 'en' : 'zh';
    const body = await exportSheet(ctx.db, kind, format, lang);
    return c.body(body as Uint8Array<ArrayBuffer>, 200, {
      'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="${kind.name}.${format}"`,
    });
  });
  return app;
}
