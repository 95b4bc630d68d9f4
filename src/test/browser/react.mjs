// The React hooks in headless Chromium: a page renders a component written for the seed's
// useWebSocket (imported from our drop-in instead) and one on useChannel, against a real node.
// Usage: node react.mjs NODE_BASE_URL TOKEN   (prints one JSON line; exit 0 on success)
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const [node, token] = process.argv.slice(2);
const modules = new URL('./node_modules/', import.meta.url);
const page = `<!doctype html><meta charset="utf-8"><div id="root"></div>
<script src="/react.js"></script><script src="/react-dom.js"></script>
<script type="importmap">{"imports":{"react":"/react-shim.js"}}</script>
<script type="module">
import { useWebSocket, useChannel } from '${node}/js/switchboard-react.js';
import { SwitchboardClient } from '${node}/js/switchboard.js';
const { createElement: h, useState, useCallback, useEffect } = React;
const wsUrl = '${node.replace('http', 'ws')}/ws?token=${token}';

// written for the seed's hook: only the import differs
function SeedChat() {
  const [messages, setMessages] = useState([]);
  const onMessage = useCallback((data) => { if (data.type === 'message') setMessages((m) => [...m, data.content]); }, []);
  const { send, isConnected } = useWebSocket({ url: wsUrl, onMessage });
  useEffect(() => {
    if (!isConnected) return;
    send({ type: 'subscribe', channel: 'react-room' });
    send({ type: 'message', channel: 'react-room', content: 'hi from the seed hook' });
  }, [isConnected, send]);
  return h('div', { id: 'seed' }, h('span', { id: 'seed-state' }, String(isConnected)),
    h('ul', null, messages.map((m, i) => h('li', { key: i }, m))));
}

const client = new SwitchboardClient('${node.replace('http', 'ws')}/ws', { token: '${token}' }).connect();
function Channel() {
  const { messages, presence, state } = useChannel(client, 'react-room');
  return h('div', { id: 'channel' }, h('span', { id: 'channel-state' }, state),
    h('span', { id: 'presence' }, presence.join(',')), h('span', { id: 'count' }, String(messages.length)));
}
ReactDOM.createRoot(document.getElementById('root')).render(h('div', null, h(SeedChat), h(Channel)));
</script>`;
const files = {
  '/': ['text/html', page],
  '/react.js': ['text/javascript', readFileSync(new URL('react/umd/react.development.js', modules))],
  '/react-dom.js': ['text/javascript', readFileSync(new URL('react-dom/umd/react-dom.development.js', modules))],
  '/react-shim.js': ['text/javascript', 'const R = window.React; export default R; export const { useCallback, useEffect, useRef, useState, useSyncExternalStore, createElement } = R;'],
};
const server = createServer((req, res) => {
  if (req.url === '/favicon.ico') {
    res.writeHead(204).end(); // the browser asks; a 404 would count as a console error
    return;
  }
  const file = files[req.url];
  res.writeHead(file ? 200 : 404, { 'Content-Type': file ? file[0] : 'text/plain' });
  res.end(file ? file[1] : '');
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--headless=new'] });
const errors = [];
try {
  const p = await browser.newPage();
  p.on('pageerror', (e) => errors.push(String(e)));
  p.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await p.goto(`http://127.0.0.1:${server.address().port}/`);
  await p.waitForFunction(() => document.querySelector('#seed-state')?.textContent === 'true', null, { timeout: 20000 });
  await p.waitForFunction(() => [...document.querySelectorAll('#seed li')].some((l) => l.textContent === 'hi from the seed hook'),
    null, { timeout: 20000 });
  await p.waitForFunction(() => document.querySelector('#count')?.textContent === '1'
    && document.querySelector('#channel-state')?.textContent === 'connected', null, { timeout: 20000 });
  await p.waitForFunction(() => document.querySelector('#presence')?.textContent.length > 0, null, { timeout: 20000 });
  const presence = await p.textContent('#presence');
  console.log(JSON.stringify({ ok: errors.length === 0, errors, presence }));
} catch (e) {
  console.log(JSON.stringify({ ok: false, errors: [...errors, String(e)] }));
} finally {
  await browser.close();
  server.close();
}
