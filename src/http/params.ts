import { z } from 'zod';

/** Query parameters every list shares: a bounded page size and page number (limit=-1 or page=0 is a 400). */
export const limitParam = (max = 1000, dflt = 100) => z.coerce.number().int().min(1).max(max).default(dflt);
export const pageParam = z.coerce.number().int().min(1).max(100_000).default(1);
/** An ISO 8601 time with its offset. */
export const isoTime = z.iso.datetime({ offset: true, message: 'expected an ISO 8601 time with offset, e.g. 2026-05-12T09:30:00+08:00' });
/** ?format=csv|json */
export const formatParam = z.enum(['json', 'csv']).default('json');
