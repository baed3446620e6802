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
  env?: Record<string, string>;
  log?: (line: string) => void;
  readyTimeoutMs?: number;
}

export interface Stack {
  url(name: string): string;
  startApp(name: string): Promise<void>;
  stopApp(name: string): Promise<void>;
  stop(): Promise<void>;
}

export function startStack(options: StackOptions): Promise<Stack>;
export function serviceSecret(secretKey: string, service: string, keyId?: string): string;
export function freePort(): Promise<number>;
export const SAMPLE_SERVICES: string[];
