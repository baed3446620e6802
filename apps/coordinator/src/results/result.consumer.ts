import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { RESULTS_TOPIC } from '@lethe/deletion-sdk/protocol';
import { KeyRing } from '../crypto/key-ring';
import { consumeSafely } from '../kafka/consume-safely';
import { KafkaConnection } from '../kafka/kafka-connection';
import { MetricsService } from '../metrics/metrics.service';
import { decodeResult } from '../kafka/coordinator-decoders';
import { ResultService } from './result.service';

@Controller()
export class ResultConsumer {
  private readonly logger = new Logger(ResultConsumer.name);

  constructor(
    private readonly results: ResultService,
    private readonly keys: KeyRing,
    private readonly kafka: KafkaConnection,
    private readonly metrics: MetricsService,
  ) {}

  @EventPattern<string>(RESULTS_TOPIC)
  async onResult(@Payload() value: Buffer, @Ctx() context: KafkaContext): Promise<void> {
    await consumeSafely(
      this.kafka,
      context,
      this.logger,
      async () => {
        const result = decodeResult(
          {
            topic: context.getTopic(),
            key: context.getMessage().key,
            value,
            headers: context.getMessage().headers,
          },
          this.keys.serviceMessageVerifier,
        );
        await this.results.apply(result);
      },
      this.metrics,
    );
  }
}
