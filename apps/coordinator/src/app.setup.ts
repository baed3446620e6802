import { INestApplication, ValidationPipe } from '@nestjs/common';
import { json } from 'express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { CoordinatorConfig } from './config/coordinator-config';
import { kafkaMicroserviceOptions } from './kafka/kafka-microservice.options';
import { keepRawBody } from './opendsr/raw-body';

/** Everything main.ts does to the app besides listening, shared with the in-process test harness. */
export function configureCoordinatorApp(app: INestApplication, config: CoordinatorConfig): void {
  app.enableShutdownHooks();
  // OpenDSR receipts return the request exactly as received (encoded_request), so the parser keeps the bytes
  // (registered first, Nest's own JSON parser then stands aside)
  app.use(json({ verify: keepRawBody }));
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
}

/** Initialises providers (migrations, topics), starts the Kafka consumer, then the HTTP server. */
export async function startCoordinatorApp(app: INestApplication, config: CoordinatorConfig): Promise<void> {
  await app.init();
  await app.startAllMicroservices();
  await app.listen(config.port, '0.0.0.0');
}
