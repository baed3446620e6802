import { Module } from '@nestjs/common';
import { ResultConsumer } from './result.consumer';
import { ResultService } from './result.service';

@Module({ controllers: [ResultConsumer], providers: [ResultService] })
export class ResultsModule {}
