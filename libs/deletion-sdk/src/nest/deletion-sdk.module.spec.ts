import { Injectable, Module, Scope } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { FakeKafka } from '../../test/fake-kafka';
import { DeletionClient } from '../client/deletion-client';
import { DeletionClientErrorCode } from '../core/deletion-client.error';
import type { ErasureContext } from '../core/erasure-context';
import { deleted, HandlerOutcome, notFound } from '../core/handler-outcome';
import { silentLogger } from '../core/sdk-logger';
import { DELETION_CLIENT } from './deletion-sdk.constants';
import { DeletionSdkModule } from './deletion-sdk.module';
import type { DeletionSdkModuleOptions } from './deletion-sdk-module.options';
import { InjectDeletionClient } from './inject-deletion-client.decorator';
import { OnErasure } from './on-erasure.decorator';
import { aCommandVerificationKey } from '../../test/factories/command-keys.factory';

const options = (overrides: Partial<DeletionSdkModuleOptions> = {}): DeletionSdkModuleOptions => ({
  service: 'accounts',
  brokers: ['127.0.0.1:1'],
  signingKey: { id: 'k1', secret: 'a-secret-of-32-characters-000000' },
  commandVerificationKeys: [aCommandVerificationKey()],
  identityTypes: ['email'],
  dataCategories: ['account'],
  logger: silentLogger,
  autoStart: false,
  ...overrides,
});

@Injectable()
class UsersEraser {
  readonly erasedEmails: string[] = [];

  @OnErasure('postgres')
  async erase(ctx: ErasureContext): Promise<HandlerOutcome> {
    const emails = ctx.valuesOf('email');
    if (!ctx.dryRun) this.erasedEmails.push(...emails);
    return emails.length > 0 ? deleted(emails.length) : notFound();
  }

  helper(): string {
    return 'not a handler';
  }
}

@Injectable()
class CacheEraser {
  @OnErasure()
  purge(): HandlerOutcome {
    return notFound();
  }
}

@Injectable()
class HealthProbe {
  constructor(@InjectDeletionClient() readonly client: DeletionClient) {}
}

async function compile(imports: unknown[], providers: unknown[] = []): Promise<TestingModule> {
  return Test.createTestingModule({
    imports: imports as never[],
    providers: providers as never[],
  }).compile();
}

describe(DeletionSdkModule.name, () => {
  let app: TestingModule | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('registers every @OnErasure method at bootstrap, named explicitly or Class.method', async () => {
    app = await compile([DeletionSdkModule.forRoot(options())], [UsersEraser, CacheEraser, HealthProbe]);
    await app.init();
    const client = app.get<DeletionClient>(DELETION_CLIENT);
    expect(client.handlerNames().sort()).toEqual(['CacheEraser.purge', 'postgres']);
    expect(client.isRunning).toBe(false);
    expect(app.get(HealthProbe).client).toBe(client);
  });

  it('calls handlers bound to their provider instance', async () => {
    app = await compile([DeletionSdkModule.forRoot(options())], [UsersEraser]);
    await app.init();
    const handler = app.get<DeletionClient>(DELETION_CLIENT).erasureHandlers().get('postgres');
    const ctx = { valuesOf: () => ['a@example.org'], dryRun: false } as unknown as ErasureContext;
    await expect(handler?.(ctx)).resolves.toEqual(deleted(1));
    expect(app.get(UsersEraser).erasedEmails).toEqual(['a@example.org']);
  });

  it('builds its options with forRootAsync from injected providers', async () => {
    @Injectable()
    class AppConfig {
      readonly brokers = ['127.0.0.1:2'];
    }
    @Module({ providers: [AppConfig], exports: [AppConfig] })
    class ConfigModule {}

    app = await compile(
      [
        DeletionSdkModule.forRootAsync({
          imports: [ConfigModule],
          inject: [AppConfig],
          useFactory: async (config: AppConfig) => options({ service: 'cart', brokers: config.brokers }),
        }),
      ],
      [UsersEraser],
    );
    await app.init();
    expect(app.get<DeletionClient>(DELETION_CLIENT).service).toBe('cart');
  });

  it('fails fast when two handlers share a name', async () => {
    @Injectable()
    class OtherEraser {
      @OnErasure('postgres')
      erase(): HandlerOutcome {
        return notFound();
      }
    }
    app = await compile([DeletionSdkModule.forRoot(options())], [UsersEraser, OtherEraser]);
    await expect(app.init()).rejects.toMatchObject({
      code: DeletionClientErrorCode.DuplicateHandler,
      message: expect.stringContaining('UsersEraser.erase'),
    });
  });

  it('fails fast when there is no handler at all', async () => {
    app = await compile([DeletionSdkModule.forRoot(options())], [HealthProbe]);
    await expect(app.init()).rejects.toMatchObject({
      code: DeletionClientErrorCode.NoHandlers,
      message: expect.stringContaining('@OnErasure()'),
    });
  });

  it('refuses a handler on a request-scoped provider', async () => {
    @Injectable({ scope: Scope.REQUEST })
    class ScopedEraser {
      @OnErasure('scoped')
      erase(): HandlerOutcome {
        return notFound();
      }
    }
    app = await compile([DeletionSdkModule.forRoot(options())], [ScopedEraser]);
    await expect(app.init()).rejects.toMatchObject({
      message: expect.stringContaining('must be a singleton'),
    });
  });

  it('starts the client at bootstrap and stops it at shutdown when autoStart is on', async () => {
    const kafka = new FakeKafka();
    app = await compile(
      [DeletionSdkModule.forRoot(options({ autoStart: undefined, kafka: kafka.asKafka() }))],
      [UsersEraser],
    );
    await app.init();
    const client = app.get<DeletionClient>(DELETION_CLIENT);
    expect(client.isRunning).toBe(true);
    expect(kafka.runConfig).toMatchObject({ autoCommit: false });
    await app.close();
    app = undefined;
    expect(client.isRunning).toBe(false);
    expect(kafka.events).toContainEqual({ kind: 'lifecycle', what: 'producer.disconnect' });
  });
});
