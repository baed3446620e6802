import 'reflect-metadata';
import { Logger, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { ConfigError } from '@lethe/config';
import { CoordinatorConfig, loadCoordinatorConfig } from './config/coordinator-config';
import { kafkaMicroserviceOptions } from './kafka/kafka-microservice.options';
import { LOG_LEVELS } from './config/coordinator-config';

async function bootstrap(): Promise<void> {
  // validate before Nest starts, so a bad variable is reported alone and not as a DI failure
  const early = loadCoordinatorConfig();
  const app = await NestFactory.create(AppModule, {
    logger: LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(early.logLevel) + 1),
  });
  const config = app.get(CoordinatorConfig);
  app.enableShutdownHooks();
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
    }),
  );
  const openApi = new DocumentBuilder()
    .setTitle('Lethe coordinator API')
    .setDescription(
      'Coordinated right-to-erasure (GDPR Art. 17, CCPA §1798.105) across a microservice estate',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi));

  app.connectMicroservice(kafkaMicroserviceOptions(config));
  await app.init();
  await app.startAllMicroservices();
  await app.listen(config.port, '0.0.0.0');
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
