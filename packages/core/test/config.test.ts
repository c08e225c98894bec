/**
 * Configuration (PROTOCOL §2): the defaults, and every validation rule
 * reported as a ConfigError that names the field and the rule.
 */
import fc from 'fast-check';
import { ActorError, ConfigError, cycleTimeMax, DEFAULT_CONFIG, makeConfig, type ActorConfig, type ConfigInput } from '@asyncactor/core';

/** The error makeConfig throws for `input`, or undefined. */
function failure(input: ConfigInput, base?: ActorConfig): unknown {
  try {
    makeConfig(input, base);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('defaults', () => {
  it('are the Python reference defaults', () => {
    expect(makeConfig()).toEqual({ version: 0, cycle: 10, gap: 1.5, nodes: 5, splits: 4, nHosts: 10, forceIn: false });
    expect(DEFAULT_CONFIG).toEqual(makeConfig());
    expect(makeConfig({})).toEqual(DEFAULT_CONFIG);
  });

  it('fill in whatever is missing or undefined, from the defaults or from a given base', () => {
    expect(makeConfig({ cycle: 20 })).toEqual({ ...DEFAULT_CONFIG, cycle: 20 });
    expect(makeConfig({ cycle: 20, gap: undefined })).toEqual({ ...DEFAULT_CONFIG, cycle: 20 });
    const base = makeConfig({ version: 4, cycle: 3, gap: 1, forceIn: true });
    expect(makeConfig({ nodes: 0 }, base)).toEqual({ ...base, nodes: 0 });
    expect(makeConfig({}, base)).toEqual(base);
  });

  it('come back frozen, and so does every config', () => {
    expect(Object.isFrozen(DEFAULT_CONFIG)).toBe(true);
    expect(Object.isFrozen(makeConfig({ cycle: 12 }))).toBe(true);
  });
});

describe('validation', () => {
  const broken: [ConfigInput, string, RegExp][] = [
    [{ cycle: 0.05, gap: 0.01 }, 'cycle', />= 0\.1/],
    [{ cycle: 0.0999, gap: 0.01 }, 'cycle', />= 0\.1/],
    [{ cycle: -10 }, 'cycle', />= 0\.1/],
    [{ gap: 0.001 }, 'gap', />= 0\.01/],
    [{ gap: 0 }, 'gap', />= 0\.01/],
    [{ gap: -1 }, 'gap', />= 0\.01/],
    [{ cycle: 3, gap: 1.5 }, 'cycle', />= 3 \* gap/],
    [{ cycle: 0.1, gap: 0.04 }, 'cycle', />= 3 \* gap/],
    [{ version: 1.5 }, 'version', /integer/],
    [{ nodes: 2.5 }, 'nodes', /integer/],
    [{ splits: 1.5 }, 'splits', /integer/],
    [{ nHosts: 10.1 }, 'nHosts', /integer/],
    [{ version: 2 ** 53 }, 'version', /integer/],
    [{ splits: 0 }, 'splits', />= 1/],
    [{ splits: -1 }, 'splits', />= 1/],
    [{ nHosts: 0 }, 'nHosts', />= 1/],
    [{ cycle: Number.NaN }, 'cycle', /finite number/],
    [{ cycle: Number.POSITIVE_INFINITY }, 'cycle', /finite number/],
    [{ gap: Number.NaN }, 'gap', /finite number/],
    [{ nodes: Number.POSITIVE_INFINITY }, 'nodes', /finite number/],
    [{ cycle: '10' as unknown as number }, 'cycle', /finite number/],
    [{ version: null as unknown as number }, 'version', /finite number/],
    [{ splits: 4n as unknown as number }, 'splits', /finite number/],
    [{ forceIn: 'yes' as unknown as boolean }, 'forceIn', /boolean/],
    [{ forceIn: 1 as unknown as boolean }, 'forceIn', /boolean/],
    [{ forceIn: null as unknown as boolean }, 'forceIn', /boolean/],
  ];

  it.each(broken.map(([input, field, rule]) => [JSON.stringify(input, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ?? '', input, field, rule] as const))(
    'rejects %s naming the field and the rule',
    (_label, input, field, rule) => {
      const error = failure(input);
      expect(error).toBeInstanceOf(ConfigError);
      expect(error).toBeInstanceOf(ActorError);
      const configError = error as ConfigError;
      expect(configError.name).toBe('ConfigError');
      expect(configError.field).toBe(field);
      expect(configError.rule).toMatch(rule);
      expect(configError.message).toMatch(rule);
      expect(configError.message).toContain(field);
    },
  );

  it('checks the input against the base it is merged with', () => {
    const base = makeConfig({ cycle: 1, gap: 0.3 });
    expect((failure({ gap: 0.5 }, base) as ConfigError).field).toBe('cycle'); // 1 < 3 * 0.5
    expect(makeConfig({ gap: 0.2 }, base)).toEqual({ ...base, gap: 0.2 });
  });

  it.each([
    [{ cycle: 0.1, gap: 0.01 }],
    [{ cycle: 0.1, gap: 0.03 }],
    [{ cycle: 3, gap: 1 }],
    [{ cycle: 4.5, gap: 1.5 }],
    [{ nodes: 0 }],
    [{ nodes: -1 }],
    [{ splits: 1, nHosts: 1 }],
    [{ version: -3 }],
    [{ version: Number.MAX_SAFE_INTEGER }],
    [{ cycle: 12, gap: 1.0, nodes: 4.0 }],
  ])('accepts the edge case %j', (input) => {
    expect(makeConfig(input)).toEqual({ ...DEFAULT_CONFIG, ...input });
  });

  it('any input is either a valid config or a ConfigError, never anything else (property)', () => {
    const numberish = fc.oneof(fc.double(), fc.integer({ min: -3, max: 30 }), fc.constantFrom(undefined, null, '1', true, 0.01, 0.1, 1.5));
    const input = fc.record(
      { version: numberish, cycle: numberish, gap: numberish, nodes: numberish, splits: numberish, nHosts: numberish, forceIn: fc.oneof(fc.boolean(), numberish) },
      { requiredKeys: [] },
    ) as fc.Arbitrary<ConfigInput>;
    let valid = 0;
    fc.assert(
      fc.property(input, (candidate) => {
        let config: ActorConfig;
        try {
          config = makeConfig(candidate);
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError);
          expect(Object.keys(DEFAULT_CONFIG)).toContain((error as ConfigError).field);
          return;
        }
        valid++;
        for (const key of ['version', 'nodes', 'splits', 'nHosts'] as const) expect(Number.isSafeInteger(config[key])).toBe(true);
        expect(config.cycle).toBeGreaterThanOrEqual(0.1);
        expect(config.gap).toBeGreaterThanOrEqual(0.01);
        expect(config.cycle).toBeGreaterThanOrEqual(3 * config.gap);
        expect(config.splits).toBeGreaterThanOrEqual(1);
        expect(config.nHosts).toBeGreaterThanOrEqual(1);
        expect(typeof config.forceIn).toBe('boolean');
        expect(makeConfig(config)).toEqual(config);
      }),
      { numRuns: 2000 },
    );
    expect(valid).toBeGreaterThan(0);
  });
});

describe('cycleTimeMax', () => {
  it('is cycle + 2.5 gap: the longest wait between two tag or ping events', () => {
    expect(cycleTimeMax(makeConfig())).toBe(13.75);
    expect(cycleTimeMax(makeConfig({ cycle: 3, gap: 1 }))).toBe(5.5);
    expect(cycleTimeMax(makeConfig({ cycle: 0.1, gap: 0.01 }))).toBeCloseTo(0.125, 12);
  });
});
