import { expect } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/load';

/** The problems a configuration text is refused with; fails the test when it is accepted. */
export function configProblems(text: string): string[] {
  try {
    parseConfig(text, 'yunet.yml');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error('expected the configuration to be rejected');
}
