/**
 * Try it by hand: `pnpm --filter @asyncactor/examples run browser`, then open
 * the printed address in a browser (several tabs make several actors).
 * Everything listens on 127.0.0.1 only. Ctrl-C stops it.
 */
import { startBrowserGroup } from './group';

async function main(): Promise<void> {
  const group = await startBrowserGroup(['node-a', 'node-b'], ['actor', 'browser'], { cycle: 2, gap: 0.5, nHosts: 3 });
  for (const actor of group.actors) actor.on('tag', () => console.log(`${actor.name} is it`));
  console.log(`broker ${group.broker.url}; open ${group.pageUrl('browser-1')}`);
  process.once('SIGINT', () => void group.close());
}

void main();
