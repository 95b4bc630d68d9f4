// Unit tests of the client (node --test), with a fake WebSocket and a fake clock: no server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SwitchboardClient, States, backoffDelay, tokenExpiry, SwitchboardError } from '../../main/js/switchboard.js';

/** A clock whose timers run when the test advances it. */
class FakeClock {
  time = 0;
  seq = 0;
  timers = new Map();
  setTimeout = (fn, ms) => { const id = ++this.seq; this.timers.set(id, { at: this.time + ms, fn }); return id; };
  clearTimeout = (id) => { this.timers.delete(id); };
  setInterval = (fn, ms) => { const id = ++this.seq; this.timers.set(id, { at: this.time + ms, fn, every: ms }); return id; };
  clearInterval = (id) => { this.timers.delete(id); };
  now = () => this.time;
  async advance(ms) {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      const [id, t] = due;
      this.time = t.at;
      if (t.every) t.at += t.every; else this.timers.delete(id);
      t.fn();
      await flush();
    }
    this.time = end;
    await flush();
  }
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

/** Every socket the client opens, with what it sent; the test plays the server. */
function fakeSockets() {
  const opened = [];
  class FakeSocket {
    constructor(url, protocols) {
      this.url = url;
      this.protocols = protocols;
      this.sent = [];
      this.closedWith = null;
      opened.push(this);
    }
    send(text) { this.sent.push(JSON.parse(text)); }
    close(code) { this.closedWith = code; }
    open() { this.onopen?.(); }
    frame(obj) { this.onmessage?.({ data: JSON.stringify(obj) }); }
    serverClose(code, reason = '') { this.onclose?.({ code, reason }); }
    last(type) { return this.sent.filter((f) => f.type === type).at(-1); }
  }
  return { FakeSocket, opened };
}

function client(options = {}) {
  const clock = new FakeClock();
  const { FakeSocket, opened } = fakeSockets();
  const c = new SwitchboardClient('ws://node/ws', { token: 't1', WebSocket: FakeSocket, timers: clock, random: () => 0.5, ...options });
  return { c, clock, opened };
}

test('backoff: full jitter within [0, min(max, min * 2^n)) and spread over it', () => {
  for (let n = 0; n < 12; n++) {
    const cap = Math.min(20000, 500 * 2 ** n);
    assert.equal(backoffDelay(n, 500, 20000, () => 0), 0);
    assert.ok(backoffDelay(n, 500, 20000, () => 0.999999) < cap + 1e-6);
    assert.ok(backoffDelay(n, 500, 20000, () => 0.999999) > cap * 0.99);
  }
  const samples = Array.from({ length: 2000 }, () => backoffDelay(10, 500, 20000));
  assert.ok(Math.min(...samples) < 2000 && Math.max(...samples) > 18000, 'spread over the whole range');
  assert.ok(samples.every((d) => d >= 0 && d < 20000));
});

test('states: connecting, connected, and after a drop disconnected then connecting again', async () => {
  const { c, clock, opened } = client();
  const states = [];
  c.on('state', (s) => states.push(s));
  c.connect();
  await flush();
  assert.equal(c.state, States.CONNECTING);
  assert.deepEqual(opened[0].protocols, ['switchboard.v1', 'bearer.t1'], 'the token travels as a subprotocol');
  opened[0].open();
  assert.equal(c.state, States.CONNECTED);
  opened[0].serverClose(1006);
  assert.equal(c.state, States.DISCONNECTED);
  await clock.advance(250); // attempt 0: 0.5 * 500
  assert.equal(opened.length, 2);
  assert.deepEqual(states, ['connecting', 'connected', 'disconnected', 'connecting']);
});

test('a refused token is not retried: at most one attempt until getToken gives another', async () => {
  let tokens = ['t1', 't1'];
  const { c, clock, opened } = client({ token: undefined, getToken: async () => tokens.shift() ?? 't1' });
  const errors = [];
  c.on('error', (e) => errors.push(e.code));
  c.connect();
  await flush();
  opened[0].open(); // the socket opens, then the server refuses the token
  opened[0].serverClose(4001);
  await flush();
  await clock.advance(60000);
  assert.equal(opened.length, 1, 'no reconnect with the same token');
  assert.deepEqual(errors, ['unauthorized']);

  tokens = ['t2'];
  const second = client({ token: 't1', getToken: async () => tokens.shift() ?? 't2' });
  second.c.connect();
  await flush();
  second.opened[0].open();
  second.opened[0].serverClose(4001);
  await flush();
  await second.clock.advance(60000);
  assert.equal(second.opened.length, 2, 'one reconnect, with the new token');
  assert.deepEqual(second.opened[1].protocols, ['switchboard.v1', 'bearer.t2']);
});

test('close-code table: 1001 and 4029 reconnect after a jittered delay; the backoff grows until a frame arrives', async () => {
  const { c, clock, opened } = client({ random: () => 1 - 1e-9 });
  c.connect();
  await flush();
  opened[0].open();
  opened[0].serverClose(1001);
  await clock.advance(499);
  assert.equal(opened.length, 1);
  await clock.advance(1);
  assert.equal(opened.length, 2, 'attempt 0: up to 500 ms');
  opened[1].open();
  opened[1].serverClose(4029);
  await clock.advance(999);
  assert.equal(opened.length, 2, 'attempt 1: up to 1 s, the open alone did not reset the backoff');
  await clock.advance(1);
  assert.equal(opened.length, 3);
  opened[2].open();
  opened[2].frame({ type: 'pong' });
  opened[2].serverClose(1001);
  await clock.advance(500);
  assert.equal(opened.length, 4, 'a frame from the server reset it');
});

test('close-code table: 1000, 1002 and 1007 from the server end the connection for good', async () => {
  for (const code of [1000, 1002, 1007]) {
    const { c, clock, opened } = client({});
    const errors = [];
    c.on('error', (e) => errors.push(e.code));
    c.connect();
    await flush();
    opened[0].open();
    opened[0].serverClose(code);
    await clock.advance(60000);
    assert.equal(opened.length, 1, code + ': no reconnect');
    assert.deepEqual(errors, ['closed'], code + ': the app is told');
    c.connect();
    await flush();
    assert.equal(opened.length, 2, code + ': connect() starts again');
  }
});

test('a subscribe made while disconnected settles with the next connection: subscribed, or refused', async () => {
  const { c, clock, opened } = client({});
  const errors = [];
  c.on('error', (e) => errors.push(e.code));
  const welcome = c.subscribe('room:open');
  const closed = c.subscribe('room:closed');
  c.connect();
  await flush();
  opened[0].open();
  const subs = opened[0].sent.filter((f) => f.type === 'subscribe');
  assert.deepEqual(subs.map((f) => f.channel), ['room:open', 'room:closed']);
  opened[0].frame({ type: 'subscribed', channel: 'room:open', ref: subs[0].ref });
  opened[0].frame({ type: 'error', code: 'forbidden', message: 'no', channel: 'room:closed', ref: subs[1].ref });
  assert.equal((await welcome).channel, 'room:open');
  await assert.rejects(closed, (e) => e.code === 'forbidden');
  assert.deepEqual(errors, ['forbidden'], 'the app is told');
  opened[0].serverClose(1006);
  await clock.advance(20000);
  opened[1].open();
  assert.deepEqual(opened[1].sent.filter((f) => f.type === 'subscribe').map((f) => f.channel), ['room:open'],
    'a refused subscription is not tried again');
});

test('requests are matched by ref: ack, error, timeout', async () => {
  const { c, clock, opened } = client({ requestTimeout: 1000 });
  c.connect();
  await flush();
  const ws = opened[0];
  ws.open();
  const acked = c.publish('room', 'hi');
  const refused = c.publish('closed:x', 'no');
  const silent = c.publish('room', 'lost');
  const [m1, m2] = ws.sent.filter((f) => f.type === 'message');
  ws.frame({ type: 'error', code: 'forbidden', message: 'not allowed', ref: m2.ref });
  ws.frame({ type: 'ack', ref: m1.ref, offset: 3, epoch: 'e' });
  assert.deepEqual(await acked, { type: 'ack', ref: m1.ref, offset: 3, epoch: 'e' });
  await assert.rejects(refused, (e) => e instanceof SwitchboardError && e.code === 'forbidden');
  const timedOut = assert.rejects(silent, (e) => e.code === 'timeout');
  await clock.advance(1000);
  await timedOut;
});

test('subscriptions survive reconnects, resuming after the last message received', async () => {
  const { c, clock, opened } = client();
  const received = [];
  c.on('message', (m) => received.push(m.content));
  const recovered = [];
  c.on('subscribed', (s) => recovered.push(s.recovered));
  c.connect();
  await flush();
  opened[0].open();
  const sub = opened[0].last('subscribe');
  assert.equal(sub, undefined, 'nothing to resubscribe yet');
  const subscribed = c.subscribe('feed:news');
  const first = opened[0].last('subscribe');
  assert.equal(first.since, undefined);
  opened[0].frame({ type: 'subscribed', channel: 'feed:news', epoch: 'E', offset: 4, recoverable: true, ref: first.ref });
  await subscribed;
  opened[0].frame({ type: 'message', channel: 'feed:news', content: 'a', sender: 's', offset: 5, epoch: 'E' });
  opened[0].frame({ type: 'message', channel: 'feed:news', content: 'b', sender: 's', offset: 6, epoch: 'E' });
  opened[0].serverClose(1006);
  await clock.advance(250);
  opened[1].open();
  const again = opened[1].last('subscribe');
  assert.deepEqual(again.since, { epoch: 'E', offset: 6 }, 'resumes after the last one received');
  opened[1].frame({ type: 'subscribed', channel: 'feed:news', recovered: true, epoch: 'E', offset: 6, ref: again.ref });
  await flush();
  assert.deepEqual(received, ['a', 'b']);
  assert.deepEqual(recovered, [undefined, true], 'the app is told recovered: true');
});

test('a silent connection is noticed within ping interval + pong timeout, then reconnected', async () => {
  const { c, clock, opened } = client({ pingInterval: 1000, pongTimeout: 500 });
  const closes = [];
  c.on('closed', (e) => closes.push(e.code));
  c.connect();
  await flush();
  opened[0].open();
  await clock.advance(1000);
  assert.equal(opened[0].sent.filter((f) => f.type === 'ping').length, 2, 'the open ping and one interval ping');
  assert.equal(c.state, States.CONNECTED);
  await clock.advance(499);
  assert.deepEqual(closes, [], 'the pong may still come');
  await clock.advance(1);
  assert.deepEqual(closes, [4000], 'closed at ping interval + pong timeout (1.5 s) of silence, not later');
  assert.equal(c.state === States.DISCONNECTED || opened.length === 2, true);
  assert.equal(opened[0].closedWith, 4000);
  await clock.advance(500);
  assert.equal(opened.length, 2, 'reconnected');
});

test('nothing grows without bound: pending requests are capped and settled on close; listeners can leave', async () => {
  const { c, opened } = client({ maxPending: 3 });
  c.connect();
  await flush();
  opened[0].open();
  const waiting = [c.publish('a', 1), c.publish('a', 2), c.publish('a', 3)];
  await assert.rejects(c.publish('a', 4), (e) => e.code === 'too_many_pending');
  const settled = waiting.map((p) => assert.rejects(p, (e) => e.code === 'disconnected'));
  opened[0].serverClose(1006);
  await Promise.all(settled);
  let heard = 0;
  const off = c.on('message', () => heard++);
  off();
  c.disconnect();
  assert.equal(heard, 0);
  assert.equal(c.state, States.DISCONNECTED);
});

test('the token is refreshed through auth before it expires', async () => {
  const exp = (s) => 'h.' + Buffer.from(JSON.stringify({ exp: s })).toString('base64url') + '.sig';
  const clockStart = 1_000_000;
  const { c, clock, opened } = client({ token: exp(clockStart / 1000 + 60), getToken: async () => exp(clockStart / 1000 + 3600),
    refreshBefore: 30000, pingInterval: 1e9 });
  clock.time = clockStart;
  assert.equal(tokenExpiry(exp(100)), 100000);
  c.connect();
  await flush();
  opened[0].open();
  await clock.advance(29999);
  assert.equal(opened[0].last('auth'), undefined);
  await clock.advance(1);
  await flush();
  const auth = opened[0].last('auth');
  assert.equal(auth.token, exp(clockStart / 1000 + 3600));
});
