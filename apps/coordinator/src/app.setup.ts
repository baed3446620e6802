import { INestApplication, ValidationPipe } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Server } from 'node:http';
import { CoordinatorConfig } from './config/coordinator-config';
import { DatabaseErrorFilter } from './http/database-error.filter';
import { InputInspectionPipe } from './http/input-inspection.pipe';
import { documentEdgeResponses } from './http/edge-responses';
import { BodyRefusalRenderer, jsonBodyParser } from './http/json-body-parser';
import { OPENDSR_BASE_PATH } from './opendsr/opendsr.controller';
import { openDsrErrorBody } from './opendsr/opendsr.exception.filter';
import { OpenDsrSigning } from './opendsr/opendsr-signing';
import { sendSigned } from './opendsr/signed-response';
import { securityHeaders } from './http/security-headers';
import { kafkaMicroserviceOptions } from './kafka/kafka-microservice.options';
import { keepRawBody } from './http/raw-body';

const DOCS_PATH = 'docs';

/** Everything main.ts does to the app besides listening, shared with the in-process test harness. */
export function configureCoordinatorApp(app: INestApplication, config: CoordinatorConfig): void {
  const { http } = config;
  app.enableShutdownHooks();
  // Node answers 408 to any request whose body takes longer than 5 minutes, which a bulk upload of a few hundred
  // thousand subjects does: headers keep their own timeout, JSON bodies their size limit and their own deadline
  // (LETHE_JSON_BODY_TIMEOUT_MS, below), and an upload that stops arriving is aborted by the bulk worker
  // (LETHE_BULK_UPLOAD_STALE_MS)
  (app.getHttpServer() as Server).requestTimeout = 0;
  // behind a proxy, the client address (for per-address rate limits) comes from X-Forwarded-For
  if (http.trustProxyHops > 0) (app as NestExpressApplication).set('trust proxy', http.trustProxyHops);
  app.use(securityHeaders(DOCS_PATH));
  // OpenDSR receipts return the request exactly as received (encoded_request), so the parser keeps the bytes
  app.use(
    jsonBodyParser(
      { limitBytes: http.jsonBodyLimitBytes, timeoutMs: http.jsonBodyTimeoutMs },
      keepRawBody,
      openDsrBodyRefusal(app),
    ),
  );
  // closed unless origins are listed: the dashboard is same-origin and needs no CORS
  if (http.corsOrigins.length > 0) {
    app.enableCors({
      origin: http.corsOrigins,
      methods: ['GET', 'POST', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type'],
      exposedHeaders: ['Retry-After'],
      credentials: false,
      maxAge: 600,
    });
  }
  app.useGlobalPipes(
    new InputInspectionPipe(),
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
    }),
  );
  app.useGlobalFilters(new DatabaseErrorFilter(app.getHttpAdapter()));
  if (http.exposeDocs) {
    const openApi = new DocumentBuilder()
      .setTitle('Lethe coordinator API')
      .setDescription(
        'Coordinated right-to-erasure (GDPR Art. 17, CCPA §1798.105) across a microservice estate',
      )
      .setVersion('1')
      .addBearerAuth()
      .build();
    SwaggerModule.setup(DOCS_PATH, app, () =>
      documentEdgeResponses(SwaggerModule.createDocument(app, openApi)),
    );
  }
  app.connectMicroservice(kafkaMicroserviceOptions(config));
}

/** A body the OpenDSR routes cannot parse is refused in the spec's error shape, signed like their other answers. */
function openDsrBodyRefusal(app: INestApplication): BodyRefusalRenderer {
  return (request, response, { status, message }) => {
    if (!request.path.startsWith(`/${OPENDSR_BASE_PATH}/`)) return false;
    const { signer } = app.get(OpenDsrSigning, { strict: false });
    sendSigned(response, status, openDsrErrorBody(status, message), signer);
    return true;
  };
}

/** Initialises providers (migrations, topics), starts the Kafka consumer, then the HTTP server. */
export async function startCoordinatorApp(app: INestApplication, config: CoordinatorConfig): Promise<void> {
  await app.init();
  await app.startAllMicroservices();
  await app.listen(config.port, '0.0.0.0');
}
