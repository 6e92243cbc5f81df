/**
 * Dashboard queries that may rightly return nothing on a freshly started fleet because they show events
 * the test cannot cause. Keys are "<dashboard uid>: <where>" as the test reports them; metrics are names
 * that only exist once such an event happened. Each entry must say why.
 *
 * Both lists are empty on purpose: the test causes the events itself — traps of each kind from a device
 * and from an unknown address, wrong-community requests to a real snmpd, a device that never answers,
 * an open drill window, and the alert rules of alerts/ (whose Watchdog always fires, so ALERTS exists).
 */
export const EVENT_ONLY_QUERIES: Record<string, string> = {};

export const EVENT_ONLY_METRICS: Record<string, string> = {};
