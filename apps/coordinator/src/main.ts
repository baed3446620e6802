import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError } from '@lethe/config';
import { AppModule } from './app.module';
import { configureCoordinatorApp, startCoordinatorApp } from './app.setup';
import { CoordinatorConfig, loadCoordinatorConfig } from './config/coordinator-config';
import { createCoordinatorLogger } from './logging/coordinator-logger';

async function bootstrap(): Promise<void> {
  // validate before Nest starts, so a bad variable is reported alone and not as a DI failure
  const early = loadCoordinatorConfig();
  const app = await NestFactory.create(AppModule, { logger: createCoordinatorLogger(early.logLevel) });
  const config = app.get(CoordinatorConfig);
  configureCoordinatorApp(app, config);
  await startCoordinatorApp(app, config);
  new Logger('Lethe').log(`coordinator listening on ${await app.getUrl()}`);
}

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    // Nest may not have installed the app's logger yet; this one masks all the same.
    createCoordinatorLogger('error').error(
      error instanceof Error ? (error.stack ?? error.message) : String(error),
      'Lethe',
    );
  }
  process.exit(1);
});
