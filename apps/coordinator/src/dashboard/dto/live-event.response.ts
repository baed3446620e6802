import { ApiProperty } from '@nestjs/swagger';
import { ErasureRequestSummary } from '../../requests/dto/erasure-request.response';

/** `data` of the stream's first event, `ready`. */
export class LiveReadyEvent {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ description: 'how often this replica reads changes from PostgreSQL' })
  pollIntervalMs: number;
  @ApiProperty({ description: 'the stream ends after this long; reconnect (re-authenticating) to go on' })
  maxLifetimeMs: number;
}

/** `data` of a `request` event: the request's list line as it is now. */
export class LiveRequestEvent extends ErasureRequestSummary {
  @ApiProperty({ format: 'date-time', description: 'last change to the request or any of its tasks' })
  version: string;
}
