import { ConsoleLogger } from '@nestjs/common';
import { redactLogValue, redactPersonalData } from '../protocol/personal-data';

/**
 * Nest's console logger with every message and parameter masked first: anything shaped like an email address
 * or a phone number. Install it as the application's logger (`NestFactory.create(module,
 * { logger: new RedactingConsoleLogger({ logLevels }) })`) and every `Logger` call in the process — the
 * application's, the SDK's, kafkajs's when routed through Nest — goes through it.
 */
export class RedactingConsoleLogger extends ConsoleLogger {
  override log(message: unknown, ...optionalParams: unknown[]): void {
    super.log(this.mask(message), ...this.maskAll(optionalParams));
  }

  override error(message: unknown, ...optionalParams: unknown[]): void {
    super.error(this.mask(message), ...this.maskAll(optionalParams));
  }

  override warn(message: unknown, ...optionalParams: unknown[]): void {
    super.warn(this.mask(message), ...this.maskAll(optionalParams));
  }

  override debug(message: unknown, ...optionalParams: unknown[]): void {
    super.debug(this.mask(message), ...this.maskAll(optionalParams));
  }

  override verbose(message: unknown, ...optionalParams: unknown[]): void {
    super.verbose(this.mask(message), ...this.maskAll(optionalParams));
  }

  override fatal(message: unknown, ...optionalParams: unknown[]): void {
    super.fatal(this.mask(message), ...this.maskAll(optionalParams));
  }

  private maskAll(params: unknown[]): unknown[] {
    return params.map((param) => this.mask(param));
  }

  private mask(value: unknown): unknown {
    if (typeof value === 'string') return redactPersonalData(value);
    if (value instanceof Error) {
      // Kept an Error, so Nest still prints its stack, but with the message and stack masked.
      const copy = new Error(redactPersonalData(value.message));
      copy.name = value.name;
      copy.stack = value.stack && redactPersonalData(value.stack);
      return copy;
    }
    if (typeof value === 'function') return value;
    return redactLogValue(value);
  }
}
