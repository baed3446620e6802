import { RedactingConsoleLogger } from '@lethe/deletion-sdk/nest';
import { LOG_LEVELS, LogLevel } from '../config/coordinator-config';

/**
 * The coordinator's one logger: Nest's console logger behind the SDK's redactor, so no line — ours, kafkajs's
 * (routed through Nest in kafka/kafka-log.ts), or an error a service sent back — carries an email address or a
 * phone number. Installed by main.ts and by the test harness; every `new Logger(...)` writes through it.
 */
export function createCoordinatorLogger(level: LogLevel): RedactingConsoleLogger {
  return new RedactingConsoleLogger({ logLevels: LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1) });
}
