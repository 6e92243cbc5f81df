/**
 * The flags node runs yunet with: `npm start`, the README's systemd unit, and every test or benchmark that starts
 * the process (a test holds package.json and the README to this list).
 * - DES privacy (SNMPv3) needs OpenSSL's legacy provider.
 * - A poll cycle allocates a lot that dies young; a 32 MB semi-space (16 MB by default) lets it die in the young
 *   generation instead of being promoted. Measured back to back, 1,000 devices on snmpd: 6.3–8.2 s CPU per warm
 *   cycle against 8.9–9.6 s, peak RSS 43 MB higher. V8 sizes the young generation when it starts: it cannot be set
 *   from inside.
 * - Marking for full collections on the main thread, in steps, not on a helper thread beside it: a poll cycle runs a
 *   full collection every second or so, and the helper competes for a core with whatever shares the machine (here
 *   the answering snmpd). Measured interleaved over the same hour, 1,000 devices on snmpd on 2 shared cores: median
 *   5.6 s CPU per warm cycle (12 cycles) against 7.2 s (24); about 5 s either way while the machine was quiet;
 *   longest event-loop block 26–41 ms against 26–95 ms; the same peak RSS.
 *   All collection on the main thread (--single-threaded-gc) gave 5.2 s, but blocks up to 99 ms and 40 MB more RSS.
 */
export const NODE_FLAGS = ['--openssl-legacy-provider', '--max-semi-space-size=32', '--no-concurrent-marking'];
