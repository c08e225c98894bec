import { ConfigError, cycleTimeMax, DEFAULT_CONFIG, makeConfig, type ConfigInput } from '@asyncactor/core';

describe('config', () => {
  it('fills in the reference defaults', () => {
    expect(makeConfig()).toEqual({ version: 0, cycle: 10, gap: 1.5, nodes: 5, splits: 4, nHosts: 10, forceIn: false });
    expect(makeConfig({ cycle: 20 })).toEqual({ ...DEFAULT_CONFIG, cycle: 20 });
    expect(cycleTimeMax(makeConfig())).toBe(13.75);
  });

  const broken: [ConfigInput, string, RegExp][] = [
    [{ cycle: 0.05, gap: 0.01 }, 'cycle', />= 0.1/],
    [{ gap: 0.001 }, 'gap', />= 0.01/],
    [{ cycle: 3, gap: 1.5 }, 'cycle', />= 3 \* gap/],
    [{ nodes: 2.5 }, 'nodes', /integer/],
    [{ version: 1.5 }, 'version', /integer/],
    [{ splits: 0 }, 'splits', />= 1/],
    [{ nHosts: 0 }, 'nHosts', />= 1/],
    [{ cycle: Number.NaN }, 'cycle', /finite number/],
    [{ forceIn: 'yes' as unknown as boolean }, 'forceIn', /boolean/],
  ];
  for (const [input, field, rule] of broken) {
    it(`rejects ${JSON.stringify(input)} naming ${field} and the rule`, () => {
      let caught: unknown;
      try {
        makeConfig(input);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ConfigError);
      expect((caught as ConfigError).field).toBe(field);
      expect((caught as ConfigError).message).toMatch(rule);
      expect((caught as ConfigError).message).toContain(field);
    });
  }
});
