// CommonJS consumer: require() every entry point of every package.
const assert = require('node:assert/strict');

const core = require('@asyncactor/core');
assert.equal(typeof core.Actor.start, 'function');
assert.ok(new core.TransportError('x') instanceof core.ActorError);
assert.equal(typeof require('@asyncactor/core/internal'), 'object');
// The metrics entry needs its optional peer @opentelemetry/api, which this consumer does not install; the other entries never do.
assert.throws(() => require('@asyncactor/core/metrics'), /Cannot find module '@opentelemetry\/api'/);
assert.equal(require('@asyncactor/mqtt').topicOf(['a', 'b']), 'a/b');
assert.equal(typeof require('@asyncactor/mqtt').connect, 'function');
assert.equal(typeof require('@asyncactor/serf').SerfClient.connect, 'function');
const testing = require('@asyncactor/testing');
assert.equal(typeof testing.Cluster, 'function');
assert.equal(testing.startAedes, undefined, 'the main entry of @asyncactor/testing holds no server launchers');
assert.equal(typeof require('@asyncactor/testing/servers').startAedes, 'function');
assert.equal(typeof require('@asyncactor/testing/compliance').transportCompliance, 'function');
assert.equal(typeof require('@asyncactor/testing/jest').registerMatchers, 'function');
assert.equal(require('@asyncactor/cli/package.json').name, '@asyncactor/cli');
console.log('cjs ok');
