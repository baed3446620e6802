import { Injectable, Module } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { KafkaTestBench, testClientOptions, uniqueService, whereBody } from '../../test/kafka-test-bench';
import type { ErasureResult } from '../protocol/messages';
import { commandTopic, RESULTS_TOPIC } from '../protocol/topics';
import type { DeletionClient } from '../client/deletion-client';
import type { ErasureContext } from '../core/erasure-context';
import { deleted, HandlerOutcome, notFound, retained } from '../core/handler-outcome';
import { buildErasureCommand } from '../testing/erasure-command.factory';
import { DELETION_CLIENT } from './deletion-sdk.constants';
import { DeletionSdkModule } from './deletion-sdk.module';
import { OnErasure } from './on-erasure.decorator';

describe(`${DeletionSdkModule.name} on Kafka`, () => {
  let bench: KafkaTestBench;
  let app: TestingModule | undefined;

  beforeEach(async () => {
    bench = await new KafkaTestBench().connect();
  });

  afterEach(async () => {
    await app?.close();
    await bench.close();
  });

  it('runs @OnErasure handlers for commands from Kafka and shuts down with the application', async () => {
    const service = uniqueService('nest');
    const groupId = `lethe-sdk-${service}`;
    bench.forget(groupId);
    await bench.createTopics(service);

    @Injectable()
    class AccountsConfig {
      readonly service = service;
    }
    @Module({ providers: [AccountsConfig], exports: [AccountsConfig] })
    class ConfigModule {}

    @Injectable()
    class UsersEraser {
      readonly rows = new Set(['ada@example.org', 'bob@example.org']);

      @OnErasure('postgres')
      async erase(ctx: ErasureContext): Promise<HandlerOutcome> {
        const n = ctx.valuesOf('email').filter((email) => this.rows.delete(email)).length;
        return n > 0 ? deleted(n) : notFound();
      }
    }

    @Injectable()
    class InvoiceKeeper {
      @OnErasure('invoices')
      keep(): HandlerOutcome {
        return retained('tax-records-10y');
      }
    }

    app = await Test.createTestingModule({
      imports: [
        DeletionSdkModule.forRootAsync({
          imports: [ConfigModule],
          inject: [AccountsConfig],
          useFactory: (config: AccountsConfig) => testClientOptions(config.service, { groupId }),
        }),
      ],
      providers: [UsersEraser, InvoiceKeeper],
    }).compile();
    const results = await bench.collect(RESULTS_TOPIC, whereBody({ service }));
    await app.init();
    const client = app.get<DeletionClient>(DELETION_CLIENT);
    expect(client.isRunning).toBe(true);

    const command = buildErasureCommand(service, {
      identities: [{ type: 'email', value: 'ada@example.org' }],
    });
    await bench.sendCommand(command);
    await results.waitFor(1);
    expect(results.bodies<ErasureResult>()).toEqual([
      expect.objectContaining({
        taskId: command.taskId,
        outcome: 'retained',
        recordsAffected: 1,
        retention: { basis: 'tax-records-10y' },
      }),
    ]);
    expect(app.get(UsersEraser).rows).toEqual(new Set(['bob@example.org']));

    await app.close();
    app = undefined;
    expect(client.isRunning).toBe(false);
    await expect(bench.committedCount(groupId, commandTopic(service))).resolves.toBe(1);
  });
});
