// Child process of bench/traps.ts: yunet's trap receiver alone (database, metrics, receiver), so its
// CPU can be read from /proc like snmptrapd's. Talks to the parent over IPC.
import { count } from 'drizzle-orm';
import { Registry } from 'prom-client';
import { openDatabase } from '../db/index';
import { credentials, devices } from '../db/schema/inventory';
import { events } from '../db/schema/events';
import { silentLogger } from '../src/log';
import { TrapMetrics } from '../src/traps/metrics';
import { TrapReceiver } from '../src/traps/receiver';

const [port, dbPath] = [Number(process.argv[2]), process.argv[3]];
const database = await openDatabase(dbPath);
await database.db.insert(credentials).values({ name: 'lab', version: '2c', secret: JSON.stringify({ version: '2c', community: 'public' }) });
await database.db.insert(devices).values({ name: 'bench-sender', address: '127.0.0.1', credential: 'lab' });
const receiver = new TrapReceiver(database.db, new TrapMetrics(new Registry(), 50), silentLogger, { port, address: '127.0.0.1', ifName: () => null });

const stored = async () => (await database.db.select({ n: count() }).from(events))[0].n;

process.on('message', async (m: { cmd: string }) => {
  if (m.cmd === 'status') process.send!({ stored: await stored(), pending: receiver.writer.pending, ...receiver.stats });
  if (m.cmd === 'stop') {
    await receiver.close();
    process.send!({ stored: await stored(), pending: 0, ...receiver.stats, closed: true });
    await database.close();
    process.exit(0);
  }
});
receiver.start().then(() => process.send!({ ready: true }));
