import type { ServiceRegistration } from '../registered-service.entity';
import { ApiProperty } from '@nestjs/swagger';

export class OpenTaskCountsResponse {
  @ApiProperty({ description: 'tasks of this service not yet deleted, not_found, retained or cancelled' })
  total: number;
  @ApiProperty({ description: 'open tasks whose request is past its legal deadline' }) overdue: number;
  @ApiProperty({ description: 'not yet sent to the service' }) pending: number;
  @ApiProperty({ description: 'sent, awaiting the result' }) dispatched: number;
  @ApiProperty({ description: 'accepted by a webhook or OpenDSR target, which reports later' })
  waiting: number;
  @ApiProperty({ description: 'failed, awaiting a retry or an operator' }) failed: number;
}

export class ServiceResponse {
  @ApiProperty({ example: 'accounts' }) name: string;
  @ApiProperty({
    enum: ['active', 'stale', 'retired'],
    description: 'stale: an SDK service not heard from recently (it still receives requests)',
  })
  state: 'active' | 'stale' | 'retired';
  @ApiProperty({
    enum: ['sdk', 'manual', 'webhook', 'opendsr'],
    description:
      'manual: deletions are confirmed by an operator through the confirm endpoint; webhook and opendsr: a ' +
      'target outside the estate, registered through POST /v1/targets',
  })
  registration: ServiceRegistration;
  @ApiProperty({ type: [String] }) identityTypes: string[];
  @ApiProperty({ type: [String] }) dataCategories: string[];
  @ApiProperty({ type: String, nullable: true }) sdkVersion: string | null;
  @ApiProperty({ format: 'date-time' }) firstSeenAt: string;
  @ApiProperty({ format: 'date-time', description: 'last announcement (for manual services: registration)' })
  lastSeenAt: string;
  @ApiProperty({ type: OpenTaskCountsResponse }) openTasks: OpenTaskCountsResponse;
}

export class ServiceListResponse {
  @ApiProperty({ type: [ServiceResponse] }) items: ServiceResponse[];
}
