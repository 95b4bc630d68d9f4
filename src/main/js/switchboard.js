// Switchboard client for browsers and Node: protocol v1 (the seed's JSON frames) and its
// extensions (refs, acks, resume with `since`, rpc). No dependencies. See README, Clients.

/** Connection states. */
export const States = Object.freeze({ DISCONNECTED: 'disconnected', CONNECTING: 'connecting', CONNECTED: 'connected' });

/** Close codes after which reconnecting with the same token is pointless: only a new token helps. */
export const AUTH_CLOSE_CODES = Object.freeze([4001, 4003]);
/** Closes after which the client does not reconnect (the README's close-code table): a normal closure, a client bug. */
export const FINAL_CLOSE_CODES = Object.freeze([1000, 1002, 1007]);
/** The close code this client uses when it gives up on a silent connection. */
export const HEARTBEAT_TIMEOUT_CODE = 4000;

const DEFAULTS = Object.freeze({
  minReconnectDelay: 500,
  maxReconnectDelay: 20000,
  pingInterval: 25000,
  pongTimeout: 10000,
  requestTimeout: 10000,
  maxPending: 1000,
  refreshBefore: 30000,
});

/**
 * Full jitter: a uniform delay in [0, min(max, min * 2^attempt)) (AWS's "exponential backoff and
 * jitter"), so the clients of a restarted node come back spread out, not in one instant.
 */
export function backoffDelay(attempt, min, max, random = Math.random) {
  return random() * Math.min(max, min * 2 ** Math.min(attempt, 30));
}

/** The `exp` of a JWT in milliseconds, or null (the token is not decoded for anything else). */
export function tokenExpiry(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = typeof atob === 'function' ? atob(part) : Buffer.from(part, 'base64').toString('utf8');
    const exp = JSON.parse(json).exp;
    return typeof exp === 'number' ? exp * 1000 : null;
  } catch {
    return null;
  }
}

/** A refusal by the server (an `error` frame), or by this client (timeout, disconnected, too many). */
export class SwitchboardError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'SwitchboardError';
    this.code = code;
  }
}

export class SwitchboardClient {
  #url;
  #options;
  #WebSocket;
  #timers;
  #ws = null;
  #state = States.DISCONNECTED;
  #attempt = 0;
  #token;
  #wanted = false;
  #reconnectTimer = null;
  #heartbeatTimer = null;
  #pongTimer = null;
  #refreshTimer = null;
  #lastInbound = 0;
  #refSeq = 0;
  #pending = new Map();
  #subs = new Map();
  #listeners = new Map();

  /**
   * @param {string} url the node's WebSocket URL, e.g. ws://127.0.0.1:8080/ws
   * @param {object} options token, getToken, WebSocket (Node 20 has none: pass `ws`'s), timers,
   *   minReconnectDelay, maxReconnectDelay, pingInterval, pongTimeout, requestTimeout, maxPending,
   *   refreshBefore, random
   */
  constructor(url, options = {}) {
    this.#url = url;
    this.#options = { ...DEFAULTS, ...options };
    this.#token = options.token ?? null;
    this.#WebSocket = options.WebSocket ?? globalThis.WebSocket;
    if (!this.#WebSocket) {
      throw new TypeError('no WebSocket: pass options.WebSocket (on Node 20, the "ws" package)');
    }
    // wrapped: a browser's timer functions must be called on the window, not on this object
    this.#timers = options.timers ?? {
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (id) => clearTimeout(id),
      setInterval: (fn, ms) => setInterval(fn, ms),
      clearInterval: (id) => clearInterval(id),
      now: () => Date.now(),
    };
  }

  /** The connection state: disconnected, connecting or connected. */
  get state() {
    return this.#state;
  }

  /** Channels this client wants to be subscribed to. */
  get channels() {
    return [...this.#subs.keys()];
  }

  /**
   * Listens to `state`, `message`, `presence`, `join`, `leave`, `direct`, `subscribed`,
   * `unsubscribed`, `error`, `closed`, or `frame` (every frame the server sends, as it is). Returns a function that stops listening.
   */
  on(event, listener) {
    if (!this.#listeners.has(event)) {
      this.#listeners.set(event, new Set());
    }
    this.#listeners.get(event).add(listener);
    return () => this.#listeners.get(event)?.delete(listener);
  }

  /** Connects, and keeps reconnecting until {@link disconnect}. */
  connect() {
    this.#wanted = true;
    if (this.#state === States.DISCONNECTED && this.#reconnectTimer === null) {
      this.#open();
    }
    return this;
  }

  /** Closes and stops reconnecting; subscriptions are kept for the next connect. */
  disconnect() {
    this.#wanted = false;
    this.#clearTimer('reconnect');
    const ws = this.#ws;
    this.#closed(1000, 'disconnect');
    if (ws) {
      ws.close(1000, 'bye');
    }
  }

  /**
   * Subscribes, now and after every reconnect, resuming after the last message received where the
   * channel keeps history. Resolves with the `subscribed` frame.
   */
  subscribe(channel) {
    if (!this.#subs.has(channel)) {
      this.#subs.set(channel, { position: null, waiting: [] });
    }
    if (this.#state === States.CONNECTED) return this.#subscribeNow(channel);
    // settled by the subscription made on the next connection: subscribed, or refused
    const sub = this.#subs.get(channel);
    if (sub.waiting.length >= this.#options.maxPending) {
      return Promise.reject(new SwitchboardError('too_many_pending', 'too many subscribe calls waiting for a connection'));
    }
    return new Promise((resolve, reject) => sub.waiting.push({ resolve, reject }));
  }

  /** Stops receiving `channel`. */
  unsubscribe(channel) {
    this.#forget(channel, 'unsubscribe() was called');
    return this.#state === States.CONNECTED
      ? this.#request({ type: 'unsubscribe', channel }) : Promise.resolve(null);
  }

  /**
   * Publishes; resolves with the server's `ack` (with `offset` and `epoch` where the channel keeps
   * history). With `acks: false` (a seed-style server sends none) it resolves once sent.
   */
  publish(channel, content) {
    if (this.#options.acks === false) {
      return this.send({ type: 'message', channel, content }) ? Promise.resolve(null)
        : Promise.reject(new SwitchboardError('disconnected', 'not connected'));
    }
    return this.#request({ type: 'message', channel, content });
  }

  /** The channel's users. */
  presence(channel) {
    return this.#request({ type: 'presence', channel }).then((frame) => frame.users);
  }

  /** The channel's kept publications: `{publications, epoch, offset, complete?}`. */
  history(channel, { limit = 100, since, reverse } = {}) {
    const frame = { type: 'history', channel, limit };
    if (since) frame.since = since;
    if (reverse) frame.reverse = true;
    return this.#request(frame);
  }

  /**
   * Sends a protocol frame as it is (the seed's `send`): false when not connected. Prefer the
   * methods above, whose subscriptions survive reconnects and whose answers are matched.
   */
  send(frame) {
    if (this.#state !== States.CONNECTED || !this.#ws) return false;
    this.#ws.send(JSON.stringify(frame));
    return true;
  }

    /** Calls a backend's rpc method; resolves with its answer's data. */
  rpc(method, data) {
    return this.#request({ type: 'rpc', method, data }).then((frame) => frame.data);
  }

  // ------------------------------------------------------------------ connection

  async #open() {
    this.#setState(States.CONNECTING);
    if (this.#token === null && this.#options.getToken) {
      try {
        this.#token = await this.#options.getToken();
      } catch (e) {
        this.#emit('error', new SwitchboardError('token', 'getToken failed: ' + e.message));
        this.#setState(States.DISCONNECTED);
        this.#scheduleReconnect();
        return;
      }
    }
    if (!this.#wanted) {
      this.#setState(States.DISCONNECTED);
      return;
    }
    // the token as a subprotocol keeps it out of URLs and access logs; a seed-style server takes
    // it in the query and offers no subprotocol (a browser fails a handshake that asked for one)
    let url = this.#url;
    let protocols;
    if (this.#token && this.#options.tokenTransport === 'query') {
      url += (url.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(this.#token);
    } else if (this.#token) {
      protocols = ['switchboard.v1', 'bearer.' + this.#token];
    }
    const ws = protocols ? new this.#WebSocket(url, protocols) : new this.#WebSocket(url);
    this.#ws = ws;
    ws.onopen = () => {
      if (this.#ws !== ws) return;
      this.#lastInbound = this.#timers.now();
      this.#setState(States.CONNECTED);
      this.#startHeartbeat();
      this.#scheduleRefresh();
      // the backoff resets on the first frame the server sends, not here: a refused token is
      // closed (4001) after the socket opened, and must not make every retry the first one
      ws.send(JSON.stringify({ type: 'ping' }));
      for (const channel of [...this.#subs.keys()]) {
        this.#resubscribe(channel);
      }
    };
    ws.onmessage = (event) => {
      if (this.#ws !== ws) return;
      this.#lastInbound = this.#timers.now();
      this.#attempt = 0;
      let frame;
      try {
        frame = JSON.parse(typeof event.data === 'string' ? event.data : String(event.data));
      } catch {
        return;
      }
      this.#dispatch(frame);
    };
    ws.onclose = (event) => {
      if (this.#ws !== ws) return;
      this.#closed(event.code, event.reason);
    };
    ws.onerror = () => {};
  }

  #closed(code, reason) {
    this.#ws = null;
    this.#clearTimer('heartbeat');
    this.#clearTimer('refresh');
    for (const [, pending] of this.#pending) {
      this.#timers.clearTimeout(pending.timer);
      pending.reject(new SwitchboardError('disconnected', 'the connection closed'));
    }
    this.#pending.clear();
    const was = this.#state;
    this.#setState(States.DISCONNECTED);
    if (was !== States.DISCONNECTED || code !== 1000) {
      this.#emit('closed', { code, reason });
    }
    if (!this.#wanted) return;
    if (AUTH_CLOSE_CODES.includes(code)) {
      this.#reauthenticate(code);
    } else if (FINAL_CLOSE_CODES.includes(code)) {
      this.#wanted = false;
      this.#emit('error', new SwitchboardError('closed', 'the server closed the connection (' + code
        + (code === 1000 ? '' : ': a frame it could not accept') + '); not reconnecting until connect() is called'));
    } else {
      this.#scheduleReconnect();
    }
  }

  /** After 4001/4003: reconnect only with a token that differs from the refused one. */
  async #reauthenticate(code) {
    const refused = this.#token;
    let fresh = null;
    if (this.#options.getToken) {
      try {
        fresh = await this.#options.getToken();
      } catch {
        fresh = null;
      }
    }
    if (fresh && fresh !== refused) {
      this.#token = fresh;
      this.#scheduleReconnect();
    } else {
      this.#wanted = false;
      this.#emit('error', new SwitchboardError(code === 4001 ? 'unauthorized' : 'forbidden',
        'the server refused this token (' + code + '); not reconnecting until getToken gives another'));
    }
  }

  #scheduleReconnect() {
    if (!this.#wanted || this.#reconnectTimer !== null) return;
    const delay = backoffDelay(this.#attempt++, this.#options.minReconnectDelay, this.#options.maxReconnectDelay,
      this.#options.random);
    this.#reconnectTimer = this.#timers.setTimeout(() => {
      this.#reconnectTimer = null;
      if (this.#wanted && this.#state === States.DISCONNECTED) this.#open();
    }, delay);
  }

  /**
   * An application ping every pingInterval: browsers cannot see WebSocket pings, and a dead TCP
   * connection says nothing. A ping that nothing at all follows within pongTimeout closes the
   * connection, so a connection that went silent is noticed within pingInterval + pongTimeout.
   */
  #startHeartbeat() {
    const { pingInterval, pongTimeout } = this.#options;
    this.#heartbeatTimer = this.#timers.setInterval(() => {
      const ws = this.#ws;
      if (!ws) return;
      const sentAt = this.#timers.now();
      ws.send(JSON.stringify({ type: 'ping' }));
      if (this.#pongTimer !== null) this.#timers.clearTimeout(this.#pongTimer);
      this.#pongTimer = this.#timers.setTimeout(() => {
        this.#pongTimer = null;
        if (this.#ws === ws && this.#lastInbound < sentAt) {
          this.#closed(HEARTBEAT_TIMEOUT_CODE, 'no answer from the server');
          try { ws.close(HEARTBEAT_TIMEOUT_CODE, 'heartbeat timeout'); } catch { /* already gone */ }
        }
      }, pongTimeout);
    }, pingInterval);
  }

  /** Sends a fresh token (`auth`) before the current one expires, when getToken can make one. */
  #scheduleRefresh() {
    const expiry = this.#token ? tokenExpiry(this.#token) : null;
    if (expiry === null || !this.#options.getToken) return;
    const wait = Math.max(0, expiry - this.#options.refreshBefore - this.#timers.now());
    this.#refreshTimer = this.#timers.setTimeout(async () => {
      this.#refreshTimer = null;
      try {
        const token = await this.#options.getToken();
        await this.#request({ type: 'auth', token });
        this.#token = token;
        this.#scheduleRefresh();
      } catch (e) {
        this.#emit('error', new SwitchboardError('refresh', 'token refresh failed: ' + e.message));
      }
    }, wait);
  }

  #clearTimer(which) {
    if (which === 'reconnect' && this.#reconnectTimer !== null) {
      this.#timers.clearTimeout(this.#reconnectTimer);
      this.#reconnectTimer = null;
    } else if (which === 'heartbeat' && this.#heartbeatTimer !== null) {
      this.#timers.clearInterval(this.#heartbeatTimer);
      this.#heartbeatTimer = null;
      if (this.#pongTimer !== null) {
        this.#timers.clearTimeout(this.#pongTimer);
        this.#pongTimer = null;
      }
    } else if (which === 'refresh' && this.#refreshTimer !== null) {
      this.#timers.clearTimeout(this.#refreshTimer);
      this.#refreshTimer = null;
    }
  }

  // ------------------------------------------------------------------ frames

  #subscribeNow(channel) {
    const sub = this.#subs.get(channel);
    const frame = { type: 'subscribe', channel };
    if (sub?.position) frame.since = sub.position;
    return this.#request(frame).then((reply) => {
      const s = this.#subs.get(channel);
      if (s && reply.epoch !== undefined) s.position = { epoch: reply.epoch, offset: reply.offset };
      this.#emit('subscribed', reply);
      return reply;
    });
  }

  /**
   * Subscribes again (a new connection, or a stream the node could not repair) and settles the
   * subscribe() calls that waited for it. A refusal (forbidden, say) ends the subscription and is
   * emitted as `error`; a connection lost meanwhile tries again on the next one.
   */
  #resubscribe(channel) {
    this.#subscribeNow(channel).then(
      (reply) => this.#settle(channel, null, reply),
      (err) => {
        if (err?.code === 'disconnected') return;
        this.#settle(channel, err);
        this.#subs.delete(channel);
        this.#emit('error', err);
      });
  }

  /** Drops a subscription; subscribe() calls still waiting for it are rejected. */
  #forget(channel, why) {
    this.#settle(channel, new SwitchboardError('unsubscribed', why));
    this.#subs.delete(channel);
  }

  #settle(channel, err, reply) {
    const sub = this.#subs.get(channel);
    if (!sub || sub.waiting.length === 0) return;
    const waiting = sub.waiting;
    sub.waiting = [];
    for (const w of waiting) {
      if (err) w.reject(err); else w.resolve(reply);
    }
  }

  #request(frame) {
    if (this.#state !== States.CONNECTED || !this.#ws) {
      return Promise.reject(new SwitchboardError('disconnected', 'not connected'));
    }
    if (this.#pending.size >= this.#options.maxPending) {
      return Promise.reject(new SwitchboardError('too_many_pending', 'too many requests await an answer'));
    }
    const ref = ++this.#refSeq;
    return new Promise((resolve, reject) => {
      const timer = this.#timers.setTimeout(() => {
        if (this.#pending.delete(ref)) {
          reject(new SwitchboardError('timeout', 'no answer within ' + this.#options.requestTimeout + ' ms'));
        }
      }, this.#options.requestTimeout);
      this.#pending.set(ref, { resolve, reject, timer, frame });
      this.#ws.send(JSON.stringify({ ...frame, ref }));
    });
  }

  #dispatch(frame) {
    this.#emit('frame', frame);
    let ref = frame.ref;
    if (ref === undefined && frame.type === 'subscribed') {
      // a seed-style server echoes no ref: the subscribe request for that channel is the one
      for (const [r, p] of this.#pending) {
        if (p.frame.type === 'subscribe' && p.frame.channel === frame.channel) {
          ref = r;
          break;
        }
      }
    }
    const pending = ref !== undefined ? this.#pending.get(ref) : undefined;
    if (pending) {
      this.#pending.delete(ref);
      this.#timers.clearTimeout(pending.timer);
      if (frame.type === 'error') {
        pending.reject(new SwitchboardError(frame.code, frame.message));
      } else {
        pending.resolve(frame);
      }
      return;
    }
    switch (frame.type) {
      case 'message': {
        const sub = this.#subs.get(frame.channel);
        if (sub && frame.offset !== undefined) sub.position = { epoch: frame.epoch, offset: frame.offset };
        this.#emit('message', frame);
        break;
      }
      case 'resubscribe':
        // the node could not repair this subscription's stream: resume from the last position
        if (this.#subs.has(frame.channel) && this.#state === States.CONNECTED) {
          this.#resubscribe(frame.channel);
        }
        break;
      case 'presence': case 'join': case 'leave': case 'direct': case 'unsubscribed':
        if (frame.type === 'unsubscribed') this.#forget(frame.channel, 'the server ended the subscription');
        this.#emit(frame.type, frame);
        break;
      case 'error':
        this.#emit('error', new SwitchboardError(frame.code, frame.message));
        break;
      default:
        break; // pong and the rest: the inbound time is what counted
    }
  }

  #setState(state) {
    if (this.#state !== state) {
      this.#state = state;
      this.#emit('state', state);
    }
  }

  #emit(event, value) {
    for (const listener of this.#listeners.get(event) ?? []) {
      try {
        listener(value);
      } catch (e) {
        queueMicrotask(() => { throw e; });
      }
    }
  }
}
