import 'reflect-metadata';
import { Logger, Type, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError } from '@lethe/config';
import { SampleServiceConfig } from './sample-service-config';

/** Boots a sample service's HTTP API (its deletion SDK client starts with the application). */
export function bootstrapSampleService(module: Type<unknown>, name: string): void {
  const logger = new Logger(name);
  (async () => {
    const app = await NestFactory.create(module, { logger: ['error', 'warn', 'log'] });
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
