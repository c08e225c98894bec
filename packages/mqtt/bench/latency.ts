/**
 * MQTT transport benchmark: round-trip latency of an actor-sized message
 * (own echo) through Mosquitto and through aedes (p50/p99), and publish
 * throughput of the transport against raw MQTT.js publishing on the same
 * client (ratio, same run). Run: pnpm --filter @asyncactor/mqtt bench
 */
import { encodeMessage } from '@asyncactor/core';
import { requireBinary, startAedes, startMosquitto } from '@asyncactor/testing/servers';
import { connect, mqttTransport } from '../src/index';

const PING = encodeMessage({ type: 'ping', node: 'node-1', value: 1, history: ['node-1', 'node-2', 'node-3', 'node-4'] });

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function measure(label: string, url: string): Promise<void> {
  const client = await connect(url);
  const transport = mqttTransport(client, ['bench', 'rtt']);
  let arrived: (() => void) | undefined;
  let received = 0;
  await transport.open((event) => {
    if (event.type !== 'message') return;
    received++;
    arrived?.();
  });
  const rtts: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const t = performance.now();
    const echo = new Promise<void>((resolve) => (arrived = resolve));
    await transport.send(PING);
    await echo;
    rtts.push(performance.now() - t);
  }
  rtts.sort((a, b) => a - b);
  console.log(`${label}: round trip of a ${PING.byteLength}-byte ping, 2000 samples: p50 ${percentile(rtts, 50).toFixed(3)} ms, p99 ${percentile(rtts, 99).toFixed(3)} ms`);

  // Throughput: the transport against raw MQTT.js publish on the same client.
  const total = 20_000;
  // The same bytes to the same topic, so the only difference is the transport's own work.
  const bytes = Buffer.from(PING.buffer, PING.byteOffset, PING.byteLength);
  const raw = async (): Promise<number> => {
    const t = performance.now();
    for (let i = 0; i < total; i++) await client.publishAsync('bench/rtt', bytes, { qos: 0, retain: false });
    return total / ((performance.now() - t) / 1000);
  };
  const ours = async (): Promise<number> => {
    const t = performance.now();
    for (let i = 0; i < total; i++) await transport.send(PING);
    return total / ((performance.now() - t) / 1000);
  };
  await raw();
  // Alternate the two, five rounds each, and compare medians: order and GC effects even out.
  const rawRates: number[] = [];
  const ourRates: number[] = [];
  for (let round = 0; round < 5; round++) {
    rawRates.push(await raw());
    ourRates.push(await ours());
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const rawRate = median(rawRates);
  const ourRate = median(ourRates);
  console.log(`${label}: publish ${total} messages, median of 5 alternating rounds: raw MQTT.js ${rawRate.toFixed(0)}/s, transport ${ourRate.toFixed(0)}/s, ratio ${(ourRate / rawRate).toFixed(3)}`);
  await transport.close();
  await client.endAsync();
  void received;
}

async function main(): Promise<void> {
  const aedes = await startAedes();
  try {
    await measure('aedes (in-process)', aedes.url);
  } finally {
    await aedes.close();
  }
  if (requireBinary('mosquitto', 'apt-get install -y mosquitto')) {
    const mosquitto = await startMosquitto();
    try {
      await measure('mosquitto 2.0', mosquitto.url);
    } finally {
      await mosquitto.stop();
    }
  }
}

void main();
