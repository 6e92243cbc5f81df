/**
 * Dashboard queries that may rightly return nothing on a freshly started fleet: they show events that
 * the test cannot (or should not) cause. Keys are "<dashboard uid>: <where>" as reported by the test;
 * metrics are names that only exist once such an event happened. Each entry says why.
 */
export const EVENT_ONLY_QUERIES: Record<string, string> = {};

export const EVENT_ONLY_METRICS: Record<string, string> = {};
