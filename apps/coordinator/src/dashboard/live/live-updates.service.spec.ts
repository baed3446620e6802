import { MessageEvent } from '@nestjs/common';
import { Subject } from 'rxjs';
import { Clock } from '../../common/clock';
import { LiveRequestEvent } from '../dto/live-event.response';
import { LiveFeedOptions } from './live-feed.constants';
import { LiveUpdates } from './live-updates.service';
import { RequestChangeFeed } from './request-change-feed';

const OPTIONS: LiveFeedOptions = {
  pollIntervalMs: 1000,
  overlapMs: 5000,
  pageSize: 500,
  maxPagesPerPoll: 20,
  keepAliveMs: 20_000,
  maxLifetimeMs: 600_000,
};

function change(version: string): LiveRequestEvent {
  return {
    id: '3f1c1f3e-8a43-4d1c-9a55-0d2e1c7b9a10',
    externalId: 'ticket-1',
    regulation: 'gdpr',
    status: 'in_progress',
    overdue: false,
    atRisk: false,
    submittedAt: '2027-01-01T00:00:00.000Z',
    dueAt: '2027-02-01T00:00:00.000Z',
    completedAt: null,
    progress: { total: 4, done: 1 },
    version,
  };
}

describe(LiveUpdates.name, () => {
  let changes: Subject<LiveRequestEvent>;
  let live: LiveUpdates;
  let received: MessageEvent[];
  let completed: boolean;

  beforeEach(() => {
    jest.useFakeTimers();
    changes = new Subject();
    live = new LiveUpdates({ changes } as unknown as RequestChangeFeed, new Clock(), OPTIONS);
    received = [];
    completed = false;
    live.stream().subscribe({ next: (event) => received.push(event), complete: () => (completed = true) });
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('starts with `ready`, telling the client how to reconnect', () => {
    expect(received[0]).toMatchObject({
      type: 'ready',
      retry: 2000,
      data: { pollIntervalMs: 1000, maxLifetimeMs: 600_000 },
    });
  });

  it('passes each change on as a `request` event identified by its version', () => {
    changes.next(change('2027-01-01T00:00:01.000Z'));
    expect(received[1]).toEqual({
      type: 'request',
      id: '2027-01-01T00:00:01.000Z',
      data: change('2027-01-01T00:00:01.000Z'),
    });
  });

  it('sends a keep-alive comment between changes', () => {
    jest.advanceTimersByTime(20_000);
    expect(received[1]).toEqual({ comment: 'keep-alive' });
  });

  it('ends the stream when its lifetime is up, so the client presents its key again', () => {
    jest.advanceTimersByTime(599_999);
    expect(completed).toBe(false);
    jest.advanceTimersByTime(1);
    expect(completed).toBe(true);
  });

  it('ends every stream when the coordinator shuts down', () => {
    live.beforeApplicationShutdown();
    expect(completed).toBe(true);
    expect(changes.observed).toBe(false);
  });
});
