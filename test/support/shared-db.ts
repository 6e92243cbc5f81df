import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { openDatabase, type Store } from '../../db/index';
import { databaseTarget } from './database';

/**
 * Connections to one database (a file in a temporary directory, or one PostgreSQL database), each its own as
 * separate processes sharing it have; closed and the directory removed after each test. Call it in a describe block.
 */
export function sharedDatabaseFile(prefix: string): () => Promise<Store> {
  const open: Store[] = [];
  let dir = '';
  let target: Promise<string> | null = null;
  afterEach(async () => {
    for (const d of open.splice(0)) await d.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    dir = '';
    target = null;
  });
  return async () => {
    dir ||= fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    target ??= databaseTarget(path.join(dir, 'shared.db'));
    const d = await openDatabase(await target);
    open.push(d);
    return d;
  };
}
