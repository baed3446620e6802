import { Injectable, OnModuleInit } from '@nestjs/common';
import { CoordinatorConfig } from '../config/coordinator-config';
import { coreTopics } from './coordinator-topics';
import { KafkaConnection } from './kafka-connection';

/** Creates the topics the coordinator subscribes to before its consumer starts (the broker never auto-creates). */
@Injectable()
export class TopicBootstrap implements OnModuleInit {
  constructor(
    private readonly kafka: KafkaConnection,
    private readonly config: CoordinatorConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.kafka.ensureTopics(coreTopics(this.config));
  }
}
