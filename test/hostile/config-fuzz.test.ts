import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/load';
import { stringify } from 'yaml';
import { configFuzz, validConfig } from './config-fuzz';

describe('configuration files from a grammar-aware mutator', () => {
  it('the seed itself loads', () => {
    expect(() => parseConfig(stringify(validConfig), 'seed.yml')).not.toThrow();
  });

  it('10,000 mutants: each loads or fails with problems that name their path, never anything else', () => {
    const r = configFuzz(10_000, 20261205);
    expect(r.crashes).toEqual([]);
    expect(r.unnamed).toEqual([]);
    expect(r.loaded + r.refused).toBe(10_000);
    // The mutator must exercise both outcomes, or it tests nothing.
    expect(r.refused).toBeGreaterThan(5000);
    expect(r.loaded).toBeGreaterThan(50);
  }, 120_000);

  it('refuses an alias bomb without expanding it', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 12 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`)].join('\n');
    const e = (() => {
      try {
        parseConfig(bomb, 'bomb.yml');
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).problems[0]).toMatch(/^YAML syntax error.*(alias|Excessive)/i);
  });

  it('names the key a typo was meant to be', () => {
    const e = (() => {
      try {
        parseConfig('polling: { concurency: 8 }\ndevices: [{ name: a, adress: 198.18.0.1, credential: c }]\ncredentials: { c: { version: 2c, comunity: x } }\n', 'typo.yml');
      } catch (err) {
        return err as ConfigError;
      }
    })();
    expect(e?.problems).toEqual([
      'polling.concurency: unknown key; did you mean "concurrency"?',
      'credentials.c.community: required',
      'credentials.c.comunity: unknown key; did you mean "community"?',
      'devices[0].address: required',
      'devices[0].adress: unknown key; did you mean "address"?',
    ]);
  });
});
