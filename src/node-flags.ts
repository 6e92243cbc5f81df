/**
 * The flags node runs yunet with: `npm start`, the README's systemd unit, and every test or benchmark that starts
 * the process (a test holds package.json and the README to this list).
 * - DES privacy (SNMPv3) needs OpenSSL's legacy provider.
 * - A poll cycle allocates a lot that dies young; a 32 MB semi-space (16 MB by default) lets it die in the young
 *   generation instead of being promoted: about a fifth less CPU per cycle for some 40 MB more resident memory
 *   (bench/RESULTS.md). V8 sizes the young generation when it starts, so this cannot be set from inside.
 */
export const NODE_FLAGS = ['--openssl-legacy-provider', '--max-semi-space-size=32'];
