import { defineConfig } from 'drizzle-kit';

/** PostgreSQL migrations, written from the tables db/postgres-schema.ts derives from db/schema. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/postgres-schema.ts',
  out: './db/migrations-postgres',
});
