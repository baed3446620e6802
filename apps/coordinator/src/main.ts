import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError } from '@lethe/config';
import { AppModule } from './app.module';
import { configureCoordinatorApp, startCoordinatorApp } from './app.setup';
import { CoordinatorConfig, loadCoordinatorConfig, LOG_LEVELS } from './config/coordinator-config';

async function bootstrap(): Promise<void> {
  // validate before Nest starts, so a bad variable is reported alone and not as a DI failure
  const early = loadCoordinatorConfig();
  const app = await NestFactory.create(AppModule, {
    logger: LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(early.logLevel) + 1),
  });
  const config = app.get(CoordinatorConfig);
  configureCoordinatorApp(app, config);
  await startCoordinatorApp(app, config);
  new Logger('Lethe').log(`coordinator listening on ${await app.getUrl()}`);
}

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    new Logger('Lethe').error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
  process.exit(1);
});
