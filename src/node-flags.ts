/**
 * The flags node runs yunet with: `npm start`, the README's systemd unit, and every test or benchmark that starts
 * the process (a test holds package.json and the README to this list).
 * - DES privacy (SNMPv3) needs OpenSSL's legacy provider.
 * - A poll cycle allocates a lot that dies young; a 32 MB semi-space (16 MB by default) lets more of it die in the
 *   young generation instead of being promoted. Measured side by side with bench:poll's lab (two runs each), CPU per
 *   warm cycle as a multiple of the answering snmpd's: 1.8–2.3× against 2.1–2.4× at 1,000 devices, 2.1–2.4× against
 *   2.5–2.7× at 5,000; peak RSS 377–409 MB against 340–353 MB at 1,000 devices, 988–998 MB against 997–1,026 MB at
 *   5,000. V8 sizes the young generation when it starts: it cannot be set from inside.
 */
export const NODE_FLAGS = ['--openssl-legacy-provider', '--max-semi-space-size=32'];
