// The client against a seed-style server: the seed's Node `ws` server (implementing-websockets.txt:
// its connection handling, message handler and channel management, in memory, the user id taken
// from ?token=), and two clients speaking only what the seed knows.
// Usage: node --experimental-websocket seed.mjs   (prints one JSON line; exit 0 on success)
import { createServer } from 'node:http';
import { WebSocketServer, WebSocket as WsSocket } from 'ws';
import { SwitchboardClient } from '../../main/js/switchboard.js';

// ---- the seed's server, as the seed writes it (authenticateFromRequest: the token is the user id)
const server = createServer();
const wss = new WebSocketServer({ server });
const clients = new Map();
const channels = new Map();
function sendToUser(userId, data) {
  const ws = clients.get(userId);
  if (ws?.readyState === WsSocket.OPEN) ws.send(JSON.stringify(data));
}
function broadcastToChannel(channel, data) {
  channels.get(channel)?.forEach((userId) => sendToUser(userId, data));
}
function subscribeToChannel(userId, channel) {
  if (!channels.has(channel)) channels.set(channel, new Set());
  channels.get(channel).add(userId);
  sendToUser(userId, { type: 'subscribed', channel });
  broadcastToChannel(channel, { type: 'presence', channel, users: Array.from(channels.get(channel)) });
}
function handleMessage(userId, message) {
  switch (message.type) {
    case 'subscribe': subscribeToChannel(userId, message.channel); break;
    case 'unsubscribe': channels.get(message.channel)?.delete(userId); break;
    case 'message':
      broadcastToChannel(message.channel, { type: 'message', channel: message.channel, content: message.content, sender: userId });
      break;
    case 'ping': sendToUser(userId, { type: 'pong' }); break;
  }
}
wss.on('connection', (ws, req) => {
  const userId = new URL(req.url, 'http://x').searchParams.get('token');
  clients.set(userId, ws);
  ws.on('message', (data) => handleMessage(userId, JSON.parse(data.toString())));
  ws.on('close', () => clients.delete(userId));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `ws://127.0.0.1:${server.address().port}/`;

// ---- two clients of ours, configured for such a server
const deadline = setTimeout(() => { console.log(JSON.stringify({ ok: false, why: 'timeout' })); process.exit(1); }, 20000);
const options = { tokenTransport: 'query', acks: false };
const ada = new SwitchboardClient(url, { ...options, token: 'ada' }).connect();
const bob = new SwitchboardClient(url, { ...options, token: 'bob' }).connect();
const heard = new Promise((resolve) => bob.on('message', resolve));
const presence = new Promise((resolve) => ada.on('presence', (p) => { if (p.users.length === 2) resolve(p.users); }));
await ada.subscribe('room');
await bob.subscribe('room');
const users = await presence;
await ada.publish('room', 'hello seed');
const message = await heard;
ada.disconnect();
bob.disconnect();
clearTimeout(deadline);
const result = { users, content: message.content, sender: message.sender };
result.ok = users.sort().join(',') === 'ada,bob' && message.content === 'hello seed' && message.sender === 'ada';
console.log(JSON.stringify(result));
wss.close();
server.close();
process.exit(result.ok ? 0 : 1);
