import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class DependencyCheck {
  @ApiProperty({ enum: ['up', 'down'] }) status: 'up' | 'down';
  @ApiPropertyOptional({ description: 'why the dependency is down' }) error?: string;
}

export class ReadinessChecks {
  @ApiProperty({ type: DependencyCheck }) postgres: DependencyCheck;
  @ApiProperty({ type: DependencyCheck }) kafka: DependencyCheck;
  @ApiProperty({ type: DependencyCheck }) redis: DependencyCheck;
  @ApiProperty({
    type: DependencyCheck,
    description: "the coordinator's own Kafka consumers (results, verifications): down while one is stopped",
  })
  consumers: DependencyCheck;
}

export class ReadinessResponse {
  @ApiProperty({ enum: ['ok'] }) status: 'ok';
  @ApiProperty({ type: ReadinessChecks }) checks: ReadinessChecks;
}

export class NotReadyResponse {
  @ApiProperty({ example: 503 }) statusCode: number;
  @ApiProperty({ example: 'Service Unavailable' }) error: string;
  @ApiProperty({ example: 'not ready: redis is down' }) message: string;
  @ApiProperty({ type: ReadinessChecks }) checks: ReadinessChecks;
}

export class LivenessResponse {
  @ApiProperty({ enum: ['ok'] }) status: 'ok';
}
