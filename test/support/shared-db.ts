import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { openDatabase, type Database_ } from '../../db/index';

/**
 * Connections to one database file in a temporary directory, each its own as separate processes sharing the file
 * have; closed and the directory removed after each test. Call it in a describe block.
 */
export function sharedDatabaseFile(prefix: string): () => Database_ {
  const open: Database_[] = [];
  let dir = '';
  afterEach(() => {
    for (const d of open.splice(0)) d.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    dir = '';
  });
  return () => {
    dir ||= fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    const d = openDatabase(path.join(dir, 'shared.db'));
    open.push(d);
    return d;
  };
}
