// The demo page in headless Chromium (Debian's, through playwright-core): two pages join one room
// under two names, see each other present, and one's message reaches the other.
// Usage: node demo.mjs BASE_URL SCREENSHOT_PATH   (prints one JSON line; exit 0 on success)
import { chromium } from 'playwright-core';

const [base, screenshot] = process.argv.slice(2);
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--headless=new'] });
const errors = [];
try {
  const pages = [await browser.newPage(), await browser.newPage()];
  pages.forEach((p) => p.on('pageerror', (e) => errors.push(String(e))));
  const names = ['ada', 'bob'];
  for (let i = 0; i < 2; i++) {
    await pages[i].goto(base + '/demo');
    await pages[i].fill('#name', names[i]);
    await pages[i].click('#join-button');
    await pages[i].waitForSelector('#state[data-state="connected"]', { timeout: 20000 });
  }
  for (const page of pages) {
    await page.waitForFunction(() => [...document.querySelectorAll('#users li')].map((l) => l.textContent).sort().join(',')
      === 'ada,bob', null, { timeout: 20000 });
  }
  await pages[0].fill('#text', 'hello from ada');
  await pages[0].press('#text', 'Enter');
  await pages[1].waitForFunction(() => [...document.querySelectorAll('#log li')].some((l) => l.textContent === 'adahello from ada'),
    null, { timeout: 20000 });
  await pages[0].waitForFunction(() => [...document.querySelectorAll('#log li')].some((l) => l.textContent === 'adahello from ada'),
    null, { timeout: 20000 });
  if (screenshot) await pages[0].screenshot({ path: screenshot });
  // a refused token: one attempt, then the client waits for getToken to yield another
  const refused = await pages[1].evaluate(async () => {
    const { SwitchboardClient } = await import('/js/switchboard.js');
    let attempts = 0;
    class Counting extends WebSocket {
      constructor(...args) { super(...args); attempts++; }
    }
    const client = new SwitchboardClient((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws',
      { token: 'not-a-token', getToken: () => 'not-a-token', WebSocket: Counting, minReconnectDelay: 50, maxReconnectDelay: 100 });
    const code = await new Promise((resolve) => { client.on('error', (e) => resolve(e.code)); client.connect(); });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    client.disconnect();
    return { code, attempts };
  });
  const ok = errors.length === 0 && refused.code === 'unauthorized' && refused.attempts === 1;
  console.log(JSON.stringify({ ok, errors, refused }));
} catch (e) {
  console.log(JSON.stringify({ ok: false, errors: [...errors, String(e)] }));
} finally {
  await browser.close();
}
