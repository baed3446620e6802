import { Controller, Logger, OnModuleDestroy } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { REGISTRY_TOPIC } from '@lethe/deletion-sdk/protocol';
import { KeyRing } from '../crypto/key-ring';
import { KafkaConnection } from '../kafka/kafka-connection';
import { MetricsService } from '../metrics/metrics.service';
import { consumeSafely } from '../kafka/consume-safely';
import { PartitionRetries } from '../kafka/partition-retries';
import { decodeAnnouncement } from '../kafka/coordinator-decoders';
import { RegistryService } from './registry.service';

@Controller()
export class RegistryConsumer implements OnModuleDestroy {
  private readonly logger = new Logger(RegistryConsumer.name);
  private readonly retries = new PartitionRetries();

  constructor(
    private readonly registry: RegistryService,
    private readonly keys: KeyRing,
    private readonly kafka: KafkaConnection,
    private readonly metrics: MetricsService,
  ) {}

  /** The first hook of a shutdown, before Nest's Kafka transport stops the consumer: no resume fires after it. */
  onModuleDestroy(): void {
    this.retries.clear();
  }

  @EventPattern<string>(REGISTRY_TOPIC)
  async onAnnouncement(@Payload() value: Buffer, @Ctx() context: KafkaContext): Promise<void> {
    await consumeSafely(
      this.kafka,
      context,
      this.logger,
      async () => {
        const announcement = decodeAnnouncement(
          {
            topic: context.getTopic(),
            key: context.getMessage().key,
            value,
            headers: context.getMessage().headers,
          },
          this.keys.serviceMessageVerifier,
        );
        await this.registry.recordAnnouncement(announcement);
      },
      this.metrics,
      this.retries,
    );
  }
}
