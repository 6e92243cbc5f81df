/**
 * The flags node runs yunet with: `npm start`, the README's systemd unit, and every test or benchmark that starts
 * the process (a test holds package.json and the README to this list).
 * - DES privacy (SNMPv3) needs OpenSSL's legacy provider.
 * - No young-generation size: V8's default (16 MB semi-spaces) against 32 MB, measured side by side with bench:poll's
 *   lab at 1,000 devices (two runs each): about the same CPU a warm cycle (5.6–7.1 s against 5.4–6.8 s; 2.2–2.4 against
 *   1.8–2.3 times the answering snmpd's) and a peak RSS 37–56 MB lower (340–353 MB against 377–409 MB).
 */
export const NODE_FLAGS = ['--openssl-legacy-provider'];
