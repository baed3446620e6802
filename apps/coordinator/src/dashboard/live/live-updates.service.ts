import { BeforeApplicationShutdown, Inject, Injectable, MessageEvent } from '@nestjs/common';
import { concat, interval, map, merge, Observable, of, Subject, takeUntil, timer } from 'rxjs';
import { Clock } from '../../common/clock';
import { LiveReadyEvent } from '../dto/live-event.response';
import { LIVE_FEED_OPTIONS, LiveFeedOptions } from './live-feed.constants';
import { RequestChangeFeed } from './request-change-feed';

/** How long a client waits before reconnecting after the connection drops (the SSE `retry` field). */
const RECONNECT_DELAY_MS = 2000;

/**
 * One dashboard's event stream: `ready` first (the client then loads what it shows, so nothing that changed before
 * it connected is missed), then a `request` event per change, keep-alive comments, and an end after
 * `maxLifetimeMs` so that the client reconnects and presents its key again.
 */
@Injectable()
export class LiveUpdates implements BeforeApplicationShutdown {
  /** Ends every open stream, so that shutting down does not wait for dashboards to go away. */
  private readonly closing = new Subject<void>();

  constructor(
    private readonly feed: RequestChangeFeed,
    private readonly clock: Clock,
    @Inject(LIVE_FEED_OPTIONS) private readonly options: LiveFeedOptions,
  ) {}

  stream(): Observable<MessageEvent> {
    const ready: LiveReadyEvent = {
      at: this.clock.now().toISOString(),
      pollIntervalMs: this.options.pollIntervalMs,
      maxLifetimeMs: this.options.maxLifetimeMs,
    };
    return concat(
      of<MessageEvent>({ type: 'ready', retry: RECONNECT_DELAY_MS, data: ready }),
      merge(
        this.feed.changes.pipe(
          map((change): MessageEvent => ({ type: 'request', id: change.version, data: change })),
        ),
        interval(this.options.keepAliveMs).pipe(map((): MessageEvent => ({ comment: 'keep-alive' }))),
      ),
    ).pipe(takeUntil(merge(timer(this.options.maxLifetimeMs), this.closing)));
  }

  // runs before the HTTP server closes, which would otherwise wait for every open stream to end by itself
  beforeApplicationShutdown(): void {
    this.closing.next();
  }
}
