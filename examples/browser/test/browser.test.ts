/**
 * A real browser actor: Debian's Chromium, driven by playwright-core, opens
 * the esbuild-bundled page of `examples/browser/`, whose actor joins two Node
 * actors on an MQTT topic through aedes' WebSocket listener on 127.0.0.1.
 * Skips loudly without Chromium; fails instead under CI=true.
 */
import { waitUntil } from '@asyncactor/testing';
import { requireBinary } from '@asyncactor/testing/servers';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startBrowserGroup, type BrowserGroup } from '../group';
import { TagLog } from './tag-log';

const executablePath = requireBinary('chromium', 'apt-get install -y chromium');
// nHosts: the group's size (two Node actors and the page), as the core README advises.
const CONFIG = { cycle: 1.5, gap: 0.4, nHosts: 3 };
const NAME = 'browser';

let group: BrowserGroup;
let context: BrowserContext;
let page: Page;
let profile: string;
const log = new TagLog();

before(async () => {
  if (!executablePath) return;
  group = await startBrowserGroup(['node-a', 'node-b'], ['actor', 'browser-test'], CONFIG);
  for (const actor of group.actors) {
    for (const type of ['tag', 'untag', 'detag'] as const) actor.on(type, () => log.record(actor.name, type));
  }
  profile = mkdtempSync(join(tmpdir(), 'asyncactor-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  page = context.pages()[0] ?? (await context.newPage());
  await page.exposeFunction('reportActorEvent', (event: { type: string; node: string }) => log.record(event.node, event.type));
});

after(async () => {
  await context?.close();
  await group?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

test('the broker and the page listen on loopback only', { skip: !executablePath }, () => {
  assert.equal(group.broker.address.address, '127.0.0.1');
  assert.match(group.server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
});

test('a browser actor takes turns with Node actors', { skip: !executablePath }, async () => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(group.pageUrl(NAME));
  const joined = (): boolean => group.actors.every((actor) => actor.history.includes(NAME));
  await waitUntil(() => log.tagsOf(NAME) >= 2 && joined(), 'the browser actor to be tagged twice', 60_000).catch((error: Error) => {
    throw new Error(`${error.message}; page errors: ${errors.join('; ') || 'none'}; events:\n${log.toString()}`);
  });
  console.log(`events:\n${log.toString()}`);
  assert.deepEqual(errors, []);
  assert.equal(log.mostAtOnce, 1, `two actors were tagged at once:\n${log.toString()}`);

  // The page shows the group: who is it, and a history with the browser in it.
  await waitUntil(async () => (await page.locator('#history li').count()) >= 2, 'the page to show the history', 10_000);
  const history = await page.locator('#history li').allTextContents();
  assert.ok(history.includes(NAME), `history on the page: ${history.join(', ')}`);
  assert.notEqual(await page.locator('#it').textContent(), 'nobody yet');
  const screenshot = join(mkdtempSync(join(tmpdir(), 'asyncactor-browser-')), 'browser-actor.png');
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(`screenshot: ${screenshot}`);
});
