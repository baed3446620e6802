import { Injectable } from '@nestjs/common';
import { decodeCursor, encodeCursor } from '../common/keyset-cursor';
import { BulkJobRepository, BulkJobRow } from './bulk-job.repository';
import { bulkProgress, overallFraction } from './bulk-progress';
import { BulkErrorCode, BulkException } from './bulk.exception';
import { BulkJobDetailResponse, BulkJobPageResponse, BulkJobResponse } from './dto/bulk-job.response';
import { BulkJobQuery, ListBulkJobsQuery } from './dto/bulk-job.query';

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

/** Reads bulk jobs and their progress for the API, the dashboard and the CLI. */
@Injectable()
export class BulkJobService {
  constructor(private readonly jobs: BulkJobRepository) {}

  async get(id: string, query: BulkJobQuery = {}): Promise<BulkJobDetailResponse> {
    const job = await this.jobs.find(id);
    if (!job) throw new BulkException(BulkErrorCode.NotFound, `bulk job ${id} does not exist`);
    const completed = (await this.jobs.completedCounts([id])).get(id) ?? 0;
    const limit = query.rejectedLimit ?? 100;
    const rejected =
      limit === 0 ? [] : await this.jobs.rejectedLines(id, query.rejectedAfter ?? 0, limit + 1);
    const page = rejected.slice(0, limit);
    return {
      ...toResponse(job, completed),
      rejected: {
        items: page,
        nextRejectedAfter: rejected.length > limit ? (page[page.length - 1]?.line ?? null) : null,
      },
    };
  }

  async list(query: ListBulkJobsQuery): Promise<BulkJobPageResponse> {
    const limit = query.limit ?? 50;
    const after = query.cursor === undefined ? undefined : afterCursor(query.cursor);
    const rows = await this.jobs.list(limit + 1, after);
    const page = rows.slice(0, limit);
    const completed = await this.jobs.completedCounts(page.map((job) => job.id));
    const last = page[page.length - 1];
    return {
      items: page.map((job) => toResponse(job, completed.get(job.id) ?? 0)),
      nextCursor: rows.length > limit && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null,
    };
  }
}

function toResponse(job: BulkJobRow, completed: number): BulkJobResponse {
  const counters = { ...job, completed };
  const progress = bulkProgress(counters);
  return {
    id: job.id,
    status: job.status,
    regulation: job.regulation,
    dryRun: job.dryRun,
    format: job.format,
    createdBy: job.createdBy,
    createdAt: job.createdAt.toISOString(),
    receivedAt: iso(job.receivedAt),
    finishedAt: iso(job.finishedAt),
    abortReason: job.abortReason,
    lines: { read: job.linesRead, accepted: job.accepted, rejected: job.rejected },
    requests: {
      created: job.requestsCreated,
      duplicates: job.duplicates,
      pending: progress.pendingLines,
      completed,
    },
    progress: {
      intake: progress.intake,
      completion: progress.completion,
      overall: overallFraction(counters),
      finished: progress.finished,
    },
  };
}

function afterCursor(text: string): { createdAt: Date; id: string } {
  const cursor = decodeCursor(text);
  if (!cursor) throw new BulkException(BulkErrorCode.InvalidCursor, 'cursor is not one this API issued');
  return { createdAt: cursor.at, id: cursor.id };
}
