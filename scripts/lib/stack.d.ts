// Types for stack.js, so TypeScript tests can drive the same process stack as the demo.
export interface StackOptions {
  kafkaBrokers: string;
  topicPrefix?: string;
  secretKey: string;
  adminApiKey: string;
  databaseUrls: Record<string, string>;
  ports?: Record<string, number>;
  services?: string[];
  redisUrl?: string;
  /** Key prefix of the cart service. @defaultValue `lethe:cart:<topicPrefix without its dot>`, or `lethe:cart` */
  cartKeyPrefix?: string;
  env?: Record<string, string>;
  /** Variables of one app only, by app name (e.g. the webhook vendor's secret). */
  appEnv?: Record<string, Record<string, string>>;
  /** Prefixed to the apps' log names (`[vendor/coordinator]`), for a second stack. */
  label?: string;
  log?: (line: string) => void;
  readyTimeoutMs?: number;
  /** What the coordinator process connects to (e.g. a proxy in front of `databaseUrls.coordinator`). */
  coordinatorDatabaseUrl?: string;
}

export interface Stack {
  url(name: string): string;
  startApp(name: string): Promise<void>;
  stopApp(name: string): Promise<void>;
  /** kill -9 of one app; resolves once it has exited. */
  killApp(name: string): Promise<void>;
  /** Starts another coordinator process, named `name`, on the same database, topics and secrets. */
  startReplica(name: string): Promise<void>;
  stop(): Promise<void>;
}

export function startStack(options: StackOptions): Promise<Stack>;
export function serviceSecret(secretKey: string, service: string, keyId?: string): string;
/** `<id>:<base64>,…` of the coordinator's command public keys, the value of LETHE_COMMAND_PUBLIC_KEYS. */
export function commandPublicKeys(secretKey: string, keyId?: string, previousKeyIds?: string[]): string;
export function freePort(): Promise<number>;
export function cartKeyPrefix(options: Pick<StackOptions, 'cartKeyPrefix' | 'topicPrefix'>): string;
/** The sample shop's SDK services: accounts, orders, cart, marketing. */
export const SAMPLE_SERVICES: string[];
/** Sample data holders outside the estate (the webhook vendor), started only when named in `services`. */
export const SAMPLE_VENDORS: string[];
/** The apps with a PostgreSQL database of their own (every app but the cart). */
export const DATABASE_APPS: string[];
