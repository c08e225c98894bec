/**
 * Golden traces: the simulator's complete output for fixed scenarios and
 * seeds, hashed. A refactoring must leave every hash unchanged. When a change
 * alters behaviour on purpose, update the hashes deliberately and give the
 * reason in the commit message:
 *
 *     UPDATE_GOLDEN=1 pnpm --filter @asyncactor/testing exec jest golden-traces
 *
 * (refused under CI=true, where the hashes are only checked).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GOLDEN_SCENARIOS, GOLDEN_SEEDS, goldenHash } from './golden/scenarios';

const FILE = join(__dirname, 'golden', 'hashes.json');
const updating = process.env.UPDATE_GOLDEN === '1';
if (updating && process.env.CI === 'true') throw new Error('UPDATE_GOLDEN=1 is refused under CI=true: golden hashes are only checked in CI');

const stored = JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, string>;
const computed: Record<string, string> = {};

afterAll(() => {
  if (updating) writeFileSync(FILE, JSON.stringify(computed, null, 2) + '\n');
});

describe('golden traces', () => {
  for (const scenario of Object.keys(GOLDEN_SCENARIOS)) {
    for (const seed of GOLDEN_SEEDS) {
      const key = `${scenario} / seed ${seed}`;
      it(`${key}: the same trace as recorded`, () => {
        computed[key] = goldenHash(scenario, seed);
        if (!updating) expect(computed[key]).toBe(stored[key]);
      });
    }
  }

  it('a run is reproducible: the same seed gives the same hash twice', () => {
    expect(goldenHash('N=10 loss 5%', 7)).toBe(goldenHash('N=10 loss 5%', 7));
  });

  it('the hash sees a change: another seed gives another hash', () => {
    expect(goldenHash('N=3', 1)).not.toBe(goldenHash('N=3', 4));
  });
});
