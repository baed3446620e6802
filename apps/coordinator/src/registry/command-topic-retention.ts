import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CoordinatorConfig } from '../config/coordinator-config';
import { serviceTopics } from '../kafka/coordinator-topics';
import { KafkaConnection } from '../kafka/kafka-connection';
import { RegisteredServiceEntity } from './registered-service.entity';

/**
 * At start-up, brings every registered service's command topics to the configured retention (and recreates one
 * that went missing), so topics made before the retention was bounded, or while it was set differently, age out
 * too. After boot the same happens for a service the first time this process sees it announce.
 */
@Injectable()
export class CommandTopicRetention implements OnApplicationBootstrap {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly kafka: KafkaConnection,
    private readonly config: CoordinatorConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const services = await this.dataSource
      .getRepository(RegisteredServiceEntity)
      .find({ select: { name: true }, order: { name: 'ASC' } });
    if (services.length === 0) return;
    await this.kafka.ensureTopics(services.flatMap(({ name }) => serviceTopics(this.config, name)));
  }
}
