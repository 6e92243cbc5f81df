import type { Context } from 'hono';

/** A CSV download; `utf8Name` (e.g. a Chinese drill name) rides along as RFC 6266 filename*. */
export function csvResponse(c: Context, csv: string, filename: string, utf8Name?: string): Response {
  return c.body(csv, 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${filename}"${utf8Name ? `; filename*=UTF-8''${encodeURIComponent(utf8Name)}` : ''}`,
  });
}
