/**
 * The browser page: one actor on an MQTT broker over WebSocket, with the
 * group shown live (who is it, the history, the latest events). Bundled by
 * esbuild (see `serve.ts`); the query string names the broker, the topic and
 * this actor: `?broker=ws://127.0.0.1:PORT&topic=actor/browser&name=browser`.
 */
import { Actor, type ActorEvent } from '@asyncactor/core';
import { connect, mqttTransport } from '@asyncactor/mqtt';
import { GroupView } from './view';

/** What the page reports to a test driving it (Playwright's `exposeFunction`). */
declare global {
  interface Window {
    reportActorEvent?: (event: { type: string; node: string }) => void;
  }
}

async function main(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const broker = params.get('broker') ?? `ws://${location.hostname}:8080`;
  const topic = (params.get('topic') ?? 'actor/browser').split('/');
  const name = params.get('name') ?? `browser-${Math.floor(Math.random() * 1e6)}`;
  const cycle = Number(params.get('cycle') ?? 2);
  const gap = Number(params.get('gap') ?? 0.5);
  const nHosts = params.has('nHosts') ? Number(params.get('nHosts')) : undefined;
  const view = new GroupView(document, name, topic.join('/'));

  const client = await connect(broker);
  const actor = await Actor.start(mqttTransport(client, topic), name, { cycle, gap, ...(nHosts === undefined ? {} : { nHosts }) });
  view.status(`joined ${broker}`);
  const show = (event: ActorEvent): void => {
    view.event(event, actor.history);
    if (event.type === 'tag' || event.type === 'untag' || event.type === 'detag') window.reportActorEvent?.({ type: event.type, node: name });
  };
  for (const type of ['tag', 'untag', 'detag', 'ping', 'recover', 'error', 'disconnected', 'reconnected'] as const) actor.on(type, show);
  actor.setValue(1);
  actor.setReady();
  window.addEventListener('pagehide', () => void actor.close().then(() => client.endAsync()));
}

main().catch((error: unknown) => {
  document.getElementById('status')!.textContent = `failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
  window.reportActorEvent?.({ type: 'failed', node: String(error) });
});
