import http from 'node:http';
import { count, like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { startYunetProcess } from '../hostile/yunet-process';
import { openDatabase } from '../../db/index';
import { stations } from '../../db/schema/field';

const ADMIN = 'graceful-admin-token-0123456789';

/** A CSV of `n - 1` stations in the town the test creates. */
function stationsCsv(n: number): string {
  const rows = ['code,name,operator,town,village,type,planned_year'];
  for (let i = 1; i < n; i++) rows.push(`GS-${i},站${i},中国电信,测试镇,,macro,2026`);
  return rows.join('\n');
}

describe('SIGTERM', () => {
  it('finishes the request in flight, refuses new connections, ignores a second signal, exits 0 with the write stored', async () => {
    const y = await startYunetProcess({}, { YUNET_ADMIN_TOKEN: ADMIN });
    expect((await fetch(`${y.url}/api/towns`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: '测试镇' }) })).status).toBe(201);

    // An upload still streaming in when the signal arrives: the request the stop must wait for.
    const lines = stationsCsv(2_000).split('\n');
    let send: http.ClientRequest;
    const inFlight = new Promise<{ status: number; text: string }>((resolve, reject) => {
      send = http.request(`${y.url}/api/import/stations`, { method: 'POST', agent: false, headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'text/csv', 'transfer-encoding': 'chunked' } }, (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, text }));
      });
      send.on('error', reject);
    });
    send!.write(lines.slice(0, 1000).join('\n') + '\n');
    await new Promise((r) => setTimeout(r, 200));
    const exited = new Promise<number | null>((r) => y.proc.once('exit', (code) => r(code)));
    y.proc.kill('SIGTERM');
    for (let i = 0; i < 200 && !y.log.some((l) => l.includes('stopping: finishing requests')); i++) await new Promise((r) => setTimeout(r, 25));
    y.proc.kill('SIGTERM');
    // Stopped accepting: a new connection is refused while the upload is still coming in.
    const refused = await new Promise<string>((resolve) => {
      http.get(`${y.url}/healthz`, { agent: false }, (r) => resolve(`answered ${r.statusCode}`)).on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    });
    expect(refused).toBe('ECONNREFUSED');
    await new Promise((r) => setTimeout(r, 300));
    send!.end(lines.slice(1000).join('\n'));

    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toMatchObject({ created: 2_000 - 1, applied: true });
    expect(await exited).toBe(0);
    expect(y.log.some((l) => l.includes('already stopping; signal ignored'))).toBe(true);
    expect(y.log.at(-1)).toMatch(/ stopped$/);

    const store = await openDatabase(y.database);
    expect(await store.db.select({ n: count() }).from(stations).where(like(stations.code, 'GS-%'))).toEqual([{ n: 2_000 - 1 }]);
    await store.close();
    await y.stop();
  }, 90_000);
});
