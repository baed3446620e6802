import { Inject, Injectable, Logger } from '@nestjs/common';
import { defer, EMPTY, exhaustMap, from, mergeMap, Observable, share, timer } from 'rxjs';
import { catchError } from 'rxjs/operators';
import { Clock } from '../../common/clock';
import { isOverdue } from '../../requests/request-lifecycle';
import { LiveRequestEvent } from '../dto/live-event.response';
import { ChangeWindow } from './change-window';
import { LIVE_FEED_OPTIONS, LiveFeedOptions } from './live-feed.constants';
import { RequestChangeRepository, RequestChangeRow } from './request-change.repository';

/**
 * Changes to erasure requests and their tasks, read from PostgreSQL — so a change made through any coordinator
 * replica reaches dashboards connected to every other one. One poller per replica, shared by all its connected
 * dashboards, running only while at least one is connected.
 */
@Injectable()
export class RequestChangeFeed {
  private readonly logger = new Logger(RequestChangeFeed.name);
  readonly changes: Observable<LiveRequestEvent>;

  constructor(
    private readonly repository: RequestChangeRepository,
    private readonly clock: Clock,
    @Inject(LIVE_FEED_OPTIONS) private readonly options: LiveFeedOptions,
  ) {
    this.changes = defer(() => {
      const window = new ChangeWindow(this.clock.now(), options.overlapMs, options.pageSize);
      return timer(0, options.pollIntervalMs).pipe(
        exhaustMap(() =>
          from(this.poll(window)).pipe(
            catchError((error: unknown) => {
              // the next tick tries again from the same position, so nothing is lost while the database is away
              this.logger.warn(`live feed: could not read changes: ${messageOf(error)}`);
              return EMPTY;
            }),
          ),
        ),
        mergeMap((rows) => rows),
      );
    }).pipe(share());
  }

  private async poll(window: ChangeWindow): Promise<LiveRequestEvent[]> {
    const now = this.clock.now();
    const events: LiveRequestEvent[] = [];
    let pages = 0;
    do {
      const page = await this.repository.changedSince(window.nextRead(), window.pageSize);
      events.push(...window.accept(page).map((row) => toLiveRequestEvent(row, now)));
      pages++;
    } while (window.behind && pages < this.options.maxPagesPerPoll);
    return events;
  }
}

export function toLiveRequestEvent(row: RequestChangeRow, now: Date): LiveRequestEvent {
  return {
    id: row.id,
    externalId: row.externalId,
    regulation: row.regulation,
    status: row.status,
    overdue: isOverdue(row.status, row.dueAt, now),
    atRisk: row.atRiskAt !== null,
    submittedAt: row.submittedAt.toISOString(),
    dueAt: row.dueAt.toISOString(),
    completedAt: row.completedAt ? row.completedAt.toISOString() : null,
    progress: { total: row.total, done: row.done },
    version: row.version.toISOString(),
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
