/**
 * A trap for unhandled rejections and uncaught exceptions, for tests that
 * must show that nothing escapes the client.
 *
 * Jest hands a test file a copy of `process` that never receives those
 * events; they reach the real one, which `vm.runInThisContext` returns.
 */
import { runInThisContext } from 'node:vm';

/**
 * Collect every unhandled rejection and uncaught exception while the tests
 * of the calling file run; after each test, assert that none came.
 */
export function trapEscapes(): void {
  const real = runInThisContext('process') as NodeJS.Process;
  const escaped: unknown[] = [];
  const collect = (error: unknown): void => {
    escaped.push(error);
  };
  beforeAll(() => {
    real.on('unhandledRejection', collect);
    real.on('uncaughtException', collect);
  });
  afterEach(() => {
    expect(escaped.splice(0).map(String)).toEqual([]);
  });
  afterAll(() => {
    expect(escaped.splice(0).map(String)).toEqual([]);
    real.off('unhandledRejection', collect);
    real.off('uncaughtException', collect);
  });
}
