// Types for the parts of kafka-broker.js the chaos suite uses.
export function ensureKafka(options?: {
  log?: (line: string) => void;
}): Promise<{ brokers: string; startedByUs: boolean }>;
export function startKafka(options?: {
  log?: (line: string) => void;
}): Promise<{ brokers: string; startedByUs: boolean }>;
export function stopKafka(options?: { log?: (line: string) => void }): Promise<void>;
export function isKafkaReachable(brokers?: string, timeoutMs?: number): Promise<boolean>;
export function kafkaBrokers(): string;
