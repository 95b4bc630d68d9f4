// React bindings of the Switchboard client: useChannel (messages, presence, state of one channel)
// and useWebSocket, a drop-in for the seed's hook (same options, same return shape) that gains the
// client's reconnects, resubscription and heartbeat. Needs React 18+ (useSyncExternalStore).
import { useCallback, useEffect, useRef, useSyncExternalStore } from 'react';
import { SwitchboardClient } from './switchboard.js';

const stores = new WeakMap();

/**
 * One channel of one client as an external store: `subscribe` is stable, and `getSnapshot`
 * returns the same object until something changes (what useSyncExternalStore needs).
 */
function channelStore(client, channel, maxMessages) {
  let byChannel = stores.get(client);
  if (!byChannel) {
    byChannel = new Map();
    stores.set(client, byChannel);
  }
  const key = channel + '\u0000' + maxMessages;
  if (byChannel.has(key)) return byChannel.get(key);
  let snapshot = { messages: [], presence: [], state: client.state };
  const listeners = new Set();
  const set = (change) => {
    snapshot = { ...snapshot, ...change };
    listeners.forEach((l) => l());
  };
  const offs = [];
  const store = {
    subscribe(listener) {
      listeners.add(listener);
      if (listeners.size === 1) {
        offs.push(client.on('state', (state) => set({ state })));
        offs.push(client.on('message', (m) => {
          if (m.channel === channel) set({ messages: [...snapshot.messages, m].slice(-maxMessages) });
        }));
        offs.push(client.on('presence', (p) => { if (p.channel === channel) set({ presence: p.users }); }));
        offs.push(client.on('join', (p) => {
          if (p.channel === channel) set({ presence: [...new Set([...snapshot.presence, ...p.users])] });
        }));
        offs.push(client.on('leave', (p) => {
          if (p.channel === channel) set({ presence: snapshot.presence.filter((u) => !p.users.includes(u)) });
        }));
        client.subscribe(channel).catch(() => {});
        set({ state: client.state });
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          offs.splice(0).forEach((off) => off());
          client.unsubscribe(channel).catch(() => {});
          byChannel.delete(key);
        }
      };
    },
    getSnapshot: () => snapshot,
  };
  byChannel.set(key, store);
  return store;
}

/** `{messages, presence, state}` of `channel` (the last `maxMessages` messages, 200 by default). */
export function useChannel(client, channel, { maxMessages = 200 } = {}) {
  const store = channelStore(client, channel, maxMessages);
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}

/**
 * The seed's `useWebSocket({url, onMessage, onOpen, onClose, reconnectInterval,
 * maxReconnectAttempts})`, returning `{send, isConnected, disconnect}`. `send` takes the seed's
 * frames; `subscribe`, `unsubscribe` and `message` go through the client (subscriptions survive
 * reconnects); `onMessage` gets every frame. Reconnects use full jitter from `reconnectInterval`,
 * and a refused token is not retried. `maxReconnectAttempts` is accepted for compatibility; the
 * client keeps reconnecting while the component is mounted.
 */
export function useWebSocket({ url, onMessage, onOpen, onClose, reconnectInterval = 3000, token, getToken, WebSocket }) {
  const handlers = useRef({ onMessage, onOpen, onClose });
  handlers.current = { onMessage, onOpen, onClose };
  const clientRef = useRef(null);
  const store = useRef(null);
  if (store.current === null) {
    let connected = false;
    const listeners = new Set();
    store.current = {
      subscribe: (l) => { listeners.add(l); return () => listeners.delete(l); },
      get: () => connected,
      set: (value) => { connected = value; listeners.forEach((l) => l()); },
    };
  }
  useEffect(() => {
    const client = new SwitchboardClient(url, {
      token, getToken, WebSocket, minReconnectDelay: reconnectInterval, maxReconnectDelay: Math.max(reconnectInterval, 30000),
    });
    clientRef.current = client;
    const offs = [
      client.on('frame', (frame) => handlers.current.onMessage?.(frame)),
      client.on('state', (state) => {
        store.current.set(state === 'connected');
        if (state === 'connected') handlers.current.onOpen?.();
      }),
      client.on('closed', () => handlers.current.onClose?.()),
    ];
    client.connect();
    return () => {
      offs.forEach((off) => off());
      client.disconnect();
      clientRef.current = null;
      store.current.set(false);
    };
  }, [url, token, getToken, WebSocket, reconnectInterval]);
  const isConnected = useSyncExternalStore(store.current.subscribe, store.current.get, store.current.get);
  const send = useCallback((data) => {
    const client = clientRef.current;
    if (!client) return;
    if (data?.type === 'subscribe' && typeof data.channel === 'string') {
      client.subscribe(data.channel).catch(() => {});
    } else if (data?.type === 'unsubscribe' && typeof data.channel === 'string') {
      client.unsubscribe(data.channel).catch(() => {});
    } else if (data?.type === 'message' && typeof data.channel === 'string') {
      client.publish(data.channel, data.content).catch(() => {});
    } else {
      client.send(data);
    }
  }, []);
  const disconnect = useCallback(() => clientRef.current?.disconnect(), []);
  return { send, isConnected, disconnect };
}
