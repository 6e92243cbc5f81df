// Every schema module, re-exported so drizzle's relational queries see all tables.
export * from './inventory';
export * from './auth';
export * from './field';
export * from './events';
export * from './drills';
export * from './xinchuang';
export * from './discovery';
export * from './cluster';
