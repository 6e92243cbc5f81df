import { sqliteTable, text, integer } from 'drizzle-orm/sqlite-core';

export const roles = ['viewer', 'coordinator', 'security', 'admin'] as const;
export type Role = (typeof roles)[number];

/** API bearer tokens. Only the SHA-256 of a token is stored; the token itself is shown once at creation. */
export const apiTokens = sqliteTable('api_tokens', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  role: text('role', { enum: roles }).notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: integer('created_at', { mode: 'timestamp' }).notNull().$defaultFn(() => new Date()),
  lastUsedAt: integer('last_used_at', { mode: 'timestamp' }),
  revokedAt: integer('revoked_at', { mode: 'timestamp' }),
});

export type ApiTokenRow = typeof apiTokens.$inferSelect;
