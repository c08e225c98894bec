/**
 * A child process for the heap-bomb test: connect to the agent given as the
 * first argument, ask for `members`, print how the call ended, and exit. A
 * client that decodes without bounds dies here of heap exhaustion instead.
 */
import { SerfClient } from '../../src/index';

async function main(): Promise<void> {
  const client = await SerfClient.connect({ address: process.argv[2], timeoutMs: 60_000 });
  const outcome = await client.members().then(
    (members) => `resolved with ${members.length} members`,
    (error: Error) => `${error.name}: ${error.message}`,
  );
  process.stdout.write(`${outcome}; connected=${client.connected}\n`);
  await client.close();
}

void main();
