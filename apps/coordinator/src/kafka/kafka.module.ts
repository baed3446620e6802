import { Global, Module } from '@nestjs/common';
import { KafkaConnection } from './kafka-connection';
import { TopicBootstrap } from './topic-bootstrap';

@Global()
@Module({ providers: [KafkaConnection, TopicBootstrap], exports: [KafkaConnection] })
export class KafkaModule {}
