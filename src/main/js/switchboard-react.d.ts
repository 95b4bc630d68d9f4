// Type declarations of switchboard-react.js (React 18+ bindings of the Switchboard client).

import type { Message, State, SwitchboardClient } from './switchboard.js';

/** One channel of a client as React state. */
export interface ChannelState {
  /** The channel's last messages (at most maxMessages), oldest first. */
  messages: Message[];
  /** The channel's users, from presence lists and join/leave deltas. */
  presence: string[];
  /** The client's connection state. */
  state: State;
}

/** `{messages, presence, state}` of `channel`; subscribes while a component uses it. */
export declare function useChannel(client: SwitchboardClient, channel: string,
  options?: { maxMessages?: number }): ChannelState;

/** The options of the seed's hook, and the client's token options. */
export interface UseWebSocketOptions {
  url: string;
  onMessage?: (frame: { type: string; [field: string]: unknown }) => void;
  onOpen?: () => void;
  onClose?: () => void;
  /** The shortest reconnect delay in ms (full jitter above it); 3000 by default. */
  reconnectInterval?: number;
  /** Accepted for the seed's sake; the client reconnects while the component is mounted. */
  maxReconnectAttempts?: number;
  token?: string;
  getToken?: () => string | Promise<string>;
  /** A WebSocket constructor (Node without a global one). */
  WebSocket?: unknown;
}

/** The seed's `useWebSocket`, same options and return shape, backed by the client. */
export declare function useWebSocket(options: UseWebSocketOptions): {
  send: (frame: { type: string; [field: string]: unknown }) => void;
  isConnected: boolean;
  disconnect: () => void;
};
