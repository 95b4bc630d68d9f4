// The client as the node serves it (/js/switchboard.js), against that real node: connect,
// subscribe, publish and receive, presence, rpc, history; a token refreshed before it expires; a
// refused token is tried once, not in a loop.
// Usage: node --experimental-websocket e2e.mjs PORT TOKEN SHORT_TOKEN FRESH_TOKEN
//   (SHORT_TOKEN expires in a few seconds, FRESH_TOKEN is the same user's next; prints one JSON
//   line, exits 0 on success)
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [port, token, shortToken, freshToken] = process.argv.slice(2);
const served = await fetch(`http://127.0.0.1:${port}/js/switchboard.js`);
const cache = served.headers.get('cache-control');
const file = join(mkdtempSync(join(tmpdir(), 'switchboard-js-')), 'switchboard.js');
writeFileSync(file, await served.text());
const { SwitchboardClient } = await import(pathToFileURL(file).href);

const deadline = setTimeout(() => { console.log(JSON.stringify({ ok: false, why: 'timeout' })); process.exit(1); }, 20000);
const url = `ws://127.0.0.1:${port}/ws`;

const client = new SwitchboardClient(url, { token });
const states = [];
client.on('state', (s) => states.push(s));
const own = new Promise((resolve) => client.on('message', (m) => resolve(m)));
client.connect();
const subscribed = await client.subscribe('js-room');
const ack = await client.publish('js-room', { hello: 'from the js client' });
const message = await own;
const users = await client.presence('js-room');
const rpc = await client.rpc('echo', { n: 7 });
await client.publish('feed:js', 'first');
await client.publish('feed:js', 'second');
const history = (await client.history('feed:js', { limit: 10 })).publications.map((p) => p.content);
client.disconnect();

// a token that expires in seconds, refreshed through getToken before it does
let refreshes = 0;
const refreshing = new SwitchboardClient(url, { token: shortToken, refreshBefore: 3000,
  getToken: () => { refreshes++; return freshToken; } });
refreshing.connect();
await refreshing.subscribe('js-room');
await new Promise((resolve) => setTimeout(resolve, 5000)); // past the first token's expiry
const afterExpiry = (await refreshing.publish('js-room', 'still here')).type;
refreshing.disconnect();

let attempts = 0;
class CountingWebSocket extends WebSocket {
  constructor(...args) { super(...args); attempts++; }
}
const refused = new SwitchboardClient(url, { token: 'not-a-token', getToken: () => 'not-a-token', WebSocket: CountingWebSocket,
  minReconnectDelay: 50, maxReconnectDelay: 100 });
const error = new Promise((resolve) => refused.on('error', (e) => resolve(e.code)));
refused.connect();
const code = await error;
await new Promise((resolve) => setTimeout(resolve, 1000)); // time for a retry loop to show itself
refused.disconnect();

clearTimeout(deadline);
const result = { cache, states, subscribed: subscribed.type, ack: ack.type, content: message.content, sender: message.sender,
  users, rpc, history, refreshes, afterExpiry, refusedCode: code, refusedAttempts: attempts };
result.ok = result.subscribed === 'subscribed' && result.ack === 'ack' && result.content.hello === 'from the js client'
  && code === 'unauthorized' && attempts === 1 && afterExpiry === 'ack' && refreshes === 1;
console.log(JSON.stringify(result));
process.exit(result.ok ? 0 : 1);
