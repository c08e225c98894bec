/**
 * Command-line flags: parsed strictly, so a typo is an error (exit code 2),
 * never silently ignored.
 *
 * @module
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { makeConfig, ConfigError, type ConfigInput } from '@asyncactor/core';
import { UsageError } from './errors';

/** A command's flag definitions, as `node:util` parseArgs takes them. */
export type FlagSpec = NonNullable<ParseArgsConfig['options']>;

/** Parsed flag values by name. */
export type FlagValues = Record<string, string | boolean | undefined>;

/** Flags of the group's timing and of the output, which every command understands. */
export const COMMON_FLAGS = {
  cycle: { type: 'string' },
  gap: { type: 'string' },
  nodes: { type: 'string' },
  json: { type: 'boolean' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies FlagSpec;

/**
 * Parse `args` against `flags`, turning parse errors into a
 * {@link UsageError} that names `command`. `--count -3` is read as
 * `--count=-3` (a value that looks like a negative number), so the flag's
 * own check can say what is wrong with it.
 */
export function parseFlags(
  command: string,
  args: readonly string[],
  flags: FlagSpec,
  allowPositionals = false,
): { values: FlagValues; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: joinNegativeValues(args, flags), options: flags, strict: true, allowPositionals });
    return { values: values as FlagValues, positionals };
  } catch (error) {
    throw new UsageError(`${command}: ${describeParseError(error)} (see asyncactor ${command} --help)`);
  }
}

function joinNegativeValues(args: readonly string[], flags: FlagSpec): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    const spec = arg.startsWith('--') ? flags[arg.slice(2)] : undefined;
    if (spec?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

function describeParseError(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  const first = String(message ?? error).split('\n')[0]!;
  const quoted = /'([^']+)'/.exec(first)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && quoted) return `unknown option ${quoted}`;
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' && quoted) return `unexpected argument ${JSON.stringify(quoted)}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && quoted) return `${quoted.split(' ')[0]} needs a value`;
  return first.replace(/\.$/, '');
}

/**
 * A number flag, or `fallback` when absent.
 *
 * @param rule what a valid value is, for the error message (e.g. `an integer from 1 to 200`)
 */
export function numberFlag(values: FlagValues, name: string, fallback: number, rule?: { check: (n: number) => boolean; text: string }): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(n) || (rule && !rule.check(n))) {
    throw new UsageError(`--${name}: invalid value ${JSON.stringify(raw)}${rule ? ` (expected ${rule.text})` : ''}`);
  }
  return n;
}

/** The rule for a count flag: a whole number from `min` to `max`. */
export function integerRule(min: number, max = Infinity): { check: (n: number) => boolean; text: string } {
  return {
    check: (n) => Number.isInteger(n) && n >= min && n <= max,
    text: max === Infinity ? `a whole number >= ${min}` : `a whole number from ${min} to ${max}`,
  };
}

/** The rule for a duration flag: seconds above zero. */
export const SECONDS_RULE = { check: (n: number) => n > 0, text: 'seconds > 0' };

/** The timing flags as a config, validated. */
export function configFlags(values: FlagValues, defaults: ConfigInput): ConfigInput {
  const config: ConfigInput = {
    ...defaults,
    cycle: numberFlag(values, 'cycle', defaults.cycle ?? 10, SECONDS_RULE),
    gap: numberFlag(values, 'gap', defaults.gap ?? 1.5, SECONDS_RULE),
    nodes: numberFlag(values, 'nodes', defaults.nodes ?? 5, { check: Number.isInteger, text: 'a whole number' }),
  };
  try {
    makeConfig(config);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`--${error.field}: ${error.rule}`);
    throw error;
  }
  return config;
}
