import 'reflect-metadata';
import { Logger, Type, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError } from '@lethe/config';
import { RedactingConsoleLogger } from '@lethe/deletion-sdk';
import { SampleServiceConfig } from './sample-service-config';

/** Boots a sample service's HTTP API (its deletion SDK client starts with the application). */
export function bootstrapSampleService(module: Type<unknown>, name: string): void {
  const logger = new Logger(name);
  (async () => {
    // The SDK's masking logger: a service's logs, like the coordinator's, never carry an address or a number.
    const app = await NestFactory.create(module, {
      logger: new RedactingConsoleLogger({ logLevels: ['error', 'warn', 'log'] }),
    });
    app.enableShutdownHooks();
    app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
    const config = app.get(SampleServiceConfig);
    await app.listen(config.port, '0.0.0.0');
    logger.log(`${name} listening on ${await app.getUrl()}`);
  })().catch((error: unknown) => {
    if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
    else logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  });
}
