/**
 * Load generator for bench/field-api.ts, run as its own process so that it does not share the
 * server's event loop. Moves stations forward one status per request over keep-alive connections.
 * Open loop (fixed rate, latency from the intended send time, so queueing shows) or closed loop
 * (N connections as fast as they go). Prints one JSON line of results.
 */
import http from 'node:http';

const [url, token, from, count, mode, rateOrConns, seconds] = process.argv.slice(2);
// Stations B-<from> … B-<from+count-1>, created by the benchmark.
const codes = Array.from({ length: Number(count) }, (_, i) => `B-${Number(from) + i}`);
const STEPS = ['approved', 'site_ready', 'under_construction', 'powered', 'on_air', 'accepted'];
const u = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
let next = 0;
const job = () => {
  const i = next++;
  const code = codes[i % codes.length];
  const step = STEPS[Math.floor(i / codes.length)];
  if (!step) throw new Error('ran out of status moves: add stations');
  return { path: `/api/stations/${code}/status`, body: JSON.stringify({ status: step }) };
};

const latencies: number[] = [];
let errors = 0;
const statuses = new Map<number, number>();
function send(startedAt: number): Promise<void> {
  const { path, body } = job();
  return new Promise((resolve) => {
    const req = http.request(
      { host: u.hostname, port: u.port, path, method: 'POST', agent, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => {
          statuses.set(res.statusCode!, (statuses.get(res.statusCode!) ?? 0) + 1);
          if (res.statusCode !== 200) errors++;
          latencies.push(performance.now() - startedAt);
          resolve();
        });
      },
    );
    req.on('error', () => {
      errors++;
      resolve();
    });
    req.end(body);
  });
}

const durationMs = Number(seconds) * 1000;
const t0 = performance.now();
const pending = new Set<Promise<void>>();
if (mode === 'open') {
  const rate = Number(rateOrConns);
  let sent = 0;
  await new Promise<void>((done) => {
    const tick = setInterval(() => {
      const elapsed = performance.now() - t0;
      const due = Math.min(Math.floor((elapsed / 1000) * rate), Math.floor((durationMs / 1000) * rate));
      for (; sent < due; sent++) {
        const intended = t0 + (sent / rate) * 1000;
        const p = send(intended).then(() => void pending.delete(p));
        pending.add(p);
      }
      if (elapsed >= durationMs) {
        clearInterval(tick);
        done();
      }
    }, 2);
  });
} else {
  const conns = Number(rateOrConns);
  await Promise.all(
    Array.from({ length: conns }, async () => {
      while (performance.now() - t0 < durationMs) await send(performance.now());
    }),
  );
}
await Promise.all(pending);
const wall = (performance.now() - t0) / 1000;
latencies.sort((a, b) => a - b);
const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
console.log(JSON.stringify({ mode, requests: latencies.length, errors, statuses: Object.fromEntries(statuses), wall, rate: latencies.length / wall, p50: q(0.5), p90: q(0.9), p99: q(0.99), max: latencies[latencies.length - 1] }));
agent.destroy();
