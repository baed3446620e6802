import { ApiProperty } from '@nestjs/swagger';
import { Regulation, REGULATIONS } from '../../deadlines/deadline-policy';
import { BULK_JOB_STATUSES, BulkJobStatus } from '../bulk-progress';
import { BULK_FORMATS, BulkFormat } from '../bulk-record-reader';

export class BulkLineCounts {
  @ApiProperty({ description: 'lines read so far (blank lines and the CSV header are not counted)' })
  read: number;
  @ApiProperty({ description: 'lines that passed validation' }) accepted: number;
  @ApiProperty({ description: 'lines refused, each with its line number and reason' }) rejected: number;
}

export class BulkRequestCounts {
  @ApiProperty({ description: 'requests created from accepted lines' }) created: number;
  @ApiProperty({ description: 'accepted lines skipped because a request with their externalId exists' })
  duplicates: number;
  @ApiProperty({ description: 'accepted lines still waiting for their request' }) pending: number;
  @ApiProperty({ description: 'requests of this job that are completed' }) completed: number;
}

export class BulkProgressResponse {
  @ApiProperty({ description: 'accepted lines handled (created or duplicate), 0..1' }) intake: number;
  @ApiProperty({ description: 'created requests completed, 0..1' }) completion: number;
  @ApiProperty({ description: 'the whole job, 0..1, for a progress bar' }) overall: number;
  @ApiProperty({ description: 'nothing more will change: done with every request completed, or aborted' })
  finished: boolean;
}

export class BulkRejectedLine {
  @ApiProperty() line: number;
  @ApiProperty({ description: 'why the line was refused; never repeats its values' }) reason: string;
}

export class BulkRejectedPage {
  @ApiProperty({ type: [BulkRejectedLine] }) items: BulkRejectedLine[];
  @ApiProperty({ type: Number, nullable: true, description: 'pass as rejectedAfter for the next page' })
  nextRejectedAfter: number | null;
}

export class BulkJobResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({
    enum: BULK_JOB_STATUSES,
    description:
      'receiving: the upload is arriving; queued: stored, requests not yet created; processing: creating ' +
      'requests; done: every accepted line has its request; aborted: the upload failed and nothing of it was kept',
  })
  status: BulkJobStatus;
  @ApiProperty({ enum: REGULATIONS }) regulation: Regulation;
  @ApiProperty() dryRun: boolean;
  @ApiProperty({ enum: BULK_FORMATS }) format: BulkFormat;
  @ApiProperty() createdBy: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) receivedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) abortReason: string | null;
  @ApiProperty({ type: BulkLineCounts }) lines: BulkLineCounts;
  @ApiProperty({ type: BulkRequestCounts }) requests: BulkRequestCounts;
  @ApiProperty({ type: BulkProgressResponse }) progress: BulkProgressResponse;
}

export class BulkJobDetailResponse extends BulkJobResponse {
  @ApiProperty({ type: BulkRejectedPage }) rejected: BulkRejectedPage;
}

export class BulkJobPageResponse {
  @ApiProperty({ type: [BulkJobResponse] }) items: BulkJobResponse[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
