import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { CoordinatorConfig } from '../config/coordinator-config';
import { DeadlineEscalationService } from '../deadlines/deadline-escalation.service';
import { OutboxRelay } from '../dispatch/outbox-relay';
import { ScheduledTimer, TimerQueue } from '../timers/timer-queue';
import { ReconciliationSweep } from './reconciliation-sweep';
import { TaskRetryService } from './task-retry.service';

const NOW = new Date('2027-01-20T12:00:00.000Z');

/** Tasks waiting for an acknowledgement, due one ms apart from a second after NOW (more than one page). */
const waiting = Array.from({ length: 1234 }, (_, i) => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  attempts: 1,
  ack_due_at: new Date(NOW.getTime() + 1000 + i),
}));

function sweepOver(tasks: typeof waiting) {
  const pages: unknown[][] = [];
  const dataSource = {
    query: jest.fn(async (sql: string, params: unknown[]) => {
      if (!sql.includes("status = 'dispatched' AND ack_due_at > $1")) return [];
      // what PostgreSQL answers: the keyset after ($4, $5), in (ack_due_at, id) order, LIMIT $3
      const [, horizon, limit, afterAt, afterId] = params as [Date, Date, number, Date, string];
      const page = tasks
        .filter((t) => t.ack_due_at <= horizon)
        .filter(
          (t) => t.ack_due_at > afterAt || (t.ack_due_at.getTime() === afterAt.getTime() && t.id > afterId),
        )
        .slice(0, limit);
      pages.push(params);
      return page;
    }),
  } as unknown as DataSource;
  const scheduled: ScheduledTimer[] = [];
  const timers = {
    schedule: jest.fn(async (list: ScheduledTimer[]) => void scheduled.push(...list)),
  } as unknown as TimerQueue;
  const sweep = new ReconciliationSweep(
    dataSource,
    {} as TaskRetryService,
    { timersFor: () => [] } as unknown as DeadlineEscalationService,
    timers,
    { nudge: jest.fn() } as unknown as OutboxRelay,
    { sweepIntervalMs: 30_000, atRiskLeadMs: 0 } as CoordinatorConfig,
    { now: () => NOW } as Clock,
  );
  return { sweep, scheduled, pages };
}

describe(ReconciliationSweep.name, () => {
  it('arms every acknowledgement timeout due within its horizon, page by page, not only the first page', async () => {
    const { sweep, scheduled, pages } = sweepOver(waiting);
    const report = await sweep.sweep();
    expect(report.timersScheduled).toBe(waiting.length);
    expect(pages).toHaveLength(3);
    expect(scheduled.map((t) => t.job)).toEqual(
      waiting.map((t) => ({ name: 'task.ack-timeout', data: { taskId: t.id, attempt: 1 } })),
    );
    expect(scheduled.map((t) => t.at)).toEqual(waiting.map((t) => t.ack_due_at));
  });

  it('stops after a short page', async () => {
    const { sweep, pages } = sweepOver(waiting.slice(0, 3));
    await expect(sweep.sweep()).resolves.toMatchObject({ timersScheduled: 3 });
    expect(pages).toHaveLength(1);
  });
});
