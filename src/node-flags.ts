/**
 * The flags node runs yunet with: `npm start`, the README's systemd unit, and every test or benchmark that starts
 * the process (a test holds package.json and the README to this list).
 * - DES privacy (SNMPv3) needs OpenSSL's legacy provider.
 * - A poll cycle allocates a lot that dies young; a 32 MB semi-space (16 MB by default) lets it die in the young
 *   generation instead of being promoted. Measured back to back, 1,000 devices on snmpd: 6.3–8.2 s CPU per warm
 *   cycle against 8.9–9.6 s, peak RSS 43 MB higher. V8 sizes the young generation when it starts: it cannot be set
 *   from inside.
 */
export const NODE_FLAGS = ['--openssl-legacy-provider', '--max-semi-space-size=32'];
