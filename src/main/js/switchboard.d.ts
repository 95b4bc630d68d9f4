// Type declarations of switchboard.js (the Switchboard client, protocol v1).

export declare const States: Readonly<{ DISCONNECTED: 'disconnected'; CONNECTING: 'connecting'; CONNECTED: 'connected' }>;
export type State = 'disconnected' | 'connecting' | 'connected';
export declare const AUTH_CLOSE_CODES: readonly number[];
/** Closes after which the client does not reconnect: 1000, 1002, 1007. */
export declare const FINAL_CLOSE_CODES: readonly number[];
export declare const HEARTBEAT_TIMEOUT_CODE: 4000;

/** Full jitter: a uniform delay in [0, min(max, min * 2^attempt)). */
export declare function backoffDelay(attempt: number, min: number, max: number, random?: () => number): number;
/** The `exp` of a JWT in milliseconds, or null. */
export declare function tokenExpiry(token: string): number | null;

export declare class SwitchboardError extends Error {
  readonly code: string;
  constructor(code: string, message: string);
}

export interface Position { epoch: string; offset: number }
export interface Message { type: 'message'; channel: string; content: unknown; sender: string; offset?: number; epoch?: string }
export interface Subscribed { type: 'subscribed'; channel: string; recovered?: boolean; epoch?: string; offset?: number }
export interface Ack { type: 'ack'; ref: number; offset?: number; epoch?: string }
export interface History { type: 'history'; channel: string; publications: { offset: number; content: unknown; sender: string }[]; epoch: string; offset: number; complete?: boolean }

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(id: unknown): void;
  now(): number;
}

export interface ClientOptions {
  /** A JWT; or leave it out and give getToken. */
  token?: string;
  /** Called for the first token, after the server refused one (4001/4003), and before expiry. */
  getToken?: () => Promise<string> | string;
  /** The WebSocket constructor (Node 20 has none: pass the "ws" package's). */
  WebSocket?: new (url: string, protocols?: string[]) => WebSocket;
  /** Reconnect delays: full jitter between 0 and min * 2^attempt, capped by max (500 ms, 20 s). */
  minReconnectDelay?: number;
  maxReconnectDelay?: number;
  /** Application pings (25 s); no frame for pingInterval + pongTimeout (10 s) closes and reconnects. */
  pingInterval?: number;
  pongTimeout?: number;
  /** A request's answer is awaited this long (10 s). */
  requestTimeout?: number;
  /** Requests awaiting answers at most (1000). */
  maxPending?: number;
  /** The token is refreshed this long before it expires (30 s). */
  refreshBefore?: number;
  random?: () => number;
  timers?: Timers;
  /** 'subprotocol' (default): the token travels as `bearer.<token>`; 'query': as `?token=` (seed-style servers). */
  tokenTransport?: 'subprotocol' | 'query';
  /** false for servers that send no `ack` (seed-style): publish resolves once sent. */
  acks?: boolean;
}

export interface Events {
  state: State;
  message: Message;
  presence: { type: 'presence'; channel: string; users: string[] };
  join: { type: 'join'; channel: string; users: string[] };
  leave: { type: 'leave'; channel: string; users: string[] };
  direct: { type: 'direct'; content: unknown; sender: string };
  subscribed: Subscribed;
  unsubscribed: { type: 'unsubscribed'; channel: string };
  error: SwitchboardError;
  closed: { code: number; reason: string };
  frame: Record<string, unknown>;
}

export declare class SwitchboardClient {
  constructor(url: string, options?: ClientOptions);
  readonly state: State;
  readonly channels: string[];
  on<K extends keyof Events>(event: K, listener: (value: Events[K]) => void): () => void;
  connect(): this;
  disconnect(): void;
  subscribe(channel: string): Promise<Subscribed>;
  unsubscribe(channel: string): Promise<unknown>;
  publish(channel: string, content: unknown): Promise<Ack>;
  presence(channel: string): Promise<string[]>;
  history(channel: string, options?: { limit?: number; since?: Position; reverse?: boolean }): Promise<History>;
  rpc(method: string, data?: unknown): Promise<unknown>;
  /** Sends a protocol frame as it is; false when not connected. */
  send(frame: Record<string, unknown>): boolean;
}
