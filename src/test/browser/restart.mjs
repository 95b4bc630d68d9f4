// A page that stays subscribed to a history channel while its node restarts: it reconnects on its
// own and resumes with `since`, and must end with every publication once, in order.
// Usage: node restart.mjs NODE_BASE_URL TOKEN CHANNEL
//   prints READY once subscribed; then reads "EXPECT <n>" on stdin and prints one JSON line.
import { chromium } from 'playwright-core';
import { createInterface } from 'node:readline';

const [base, token, channel] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--headless=new'] });
const errors = [];
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(base + '/demo');
  await page.evaluate(async ({ token, channel }) => {
    const { SwitchboardClient } = await import('/js/switchboard.js');
    window.got = [];
    window.subscribed = [];
    window.states = [];
    const client = new SwitchboardClient((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws',
      { token, minReconnectDelay: 200, maxReconnectDelay: 2000 });
    client.on('message', (m) => { if (m.channel === channel) window.got.push(m.content); });
    client.on('subscribed', (s) => window.subscribed.push(s.recovered ?? null));
    client.on('state', (s) => window.states.push(s));
    client.connect();
    await client.subscribe(channel);
  }, { token, channel });
  console.log('READY');
  const lines = createInterface({ input: process.stdin });
  let expected = 0;
  for await (const line of lines) {
    if (line.startsWith('EXPECT ')) {
      expected = Number(line.slice(7));
      break;
    }
  }
  await page.waitForFunction((n) => window.got.length >= n, expected, { timeout: 60000 }).catch(() => {});
  const got = await page.evaluate(() => window.got);
  const subscribed = await page.evaluate(() => window.subscribed);
  const states = await page.evaluate(() => window.states);
  const inOrder = got.length === expected && got.every((c, i) => c === i + 1);
  console.log(JSON.stringify({ ok: inOrder && errors.length === 0, received: got.length, expected, subscribed, states, errors,
    firstWrong: got.findIndex((c, i) => c !== i + 1) }));
} catch (e) {
  console.log(JSON.stringify({ ok: false, errors: [...errors, String(e)] }));
} finally {
  await browser.close();
}
