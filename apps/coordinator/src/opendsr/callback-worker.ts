import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Counter } from 'prom-client';
import { Clock } from '../common/clock';
import { IntervalPoller } from '../common/interval-poller';
import { CoordinatorConfig } from '../config/coordinator-config';
import { MetricsService } from '../metrics/metrics.service';
import { callbackRetryDelayMs } from './callback-backoff';
import { CallbackQueue, DueCallback } from './callback-queue';
import { CallbackSender } from './callback-sender';
import { OPENDSR_API_VERSION } from './opendsr-protocol';
import { OpenDsrSigning } from './opendsr-signing';
import { ProcessorSigner } from './processor-signer';
import { rfc3339 } from './opendsr-request.service';

const DELIVERY_BATCH = 50;
/** Rounds per tick, so the next status of a request (claimable once the previous one is delivered) goes soon. */
const ROUNDS_PER_TICK = 5;

/** Every poll interval: queue the callbacks of status changes, then deliver what is due. */
@Injectable()
export class CallbackWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OpenDSR');
  private readonly poller = new IntervalPoller({
    what: 'OpenDSR callbacks',
    pass: () => this.tick(),
    log: this.logger,
    whileRunning: 'skip',
  });
  private readonly outcomes: Counter<'outcome'>;

  constructor(
    private readonly queue: CallbackQueue,
    private readonly sender: CallbackSender,
    private readonly signing: OpenDsrSigning,
    private readonly config: CoordinatorConfig,
    private readonly clock: Clock,
    metrics: MetricsService,
  ) {
    this.outcomes = new Counter({
      name: 'lethe_opendsr_callbacks_total',
      help: 'OpenDSR status callback deliveries, by outcome (delivered, failed = will retry, given_up)',
      labelNames: ['outcome'] as const,
      registers: [metrics.registry],
    });
    for (const outcome of ['delivered', 'failed', 'given_up']) this.outcomes.inc({ outcome }, 0);
  }

  onApplicationBootstrap(): void {
    if (!this.signing.signer) return;
    this.poller.start({ intervalMs: this.config.opendsr.pollIntervalMs, passNow: false });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.poller.stop();
  }

  async tick(): Promise<void> {
    const signer = this.signing.signer;
    if (!signer) return;
    try {
      await this.queue.announceChanges(this.clock.now());
      for (let round = 0; round < ROUNDS_PER_TICK; round += 1) {
        const lease = this.config.opendsr.callbackTimeoutMs * 2 + 5000;
        const due = await this.queue.claimDue(this.clock.now(), lease, DELIVERY_BATCH);
        if (due.length === 0) break;
        await Promise.all(due.map((callback) => this.deliver(callback, signer)));
      }
    } catch (error) {
      // the next tick tries again; the queue is in PostgreSQL, nothing is lost
      this.logger.warn(`callback round failed: ${(error as Error).message}`);
    }
  }

  private async deliver(callback: DueCallback, signer: ProcessorSigner): Promise<void> {
    const body = {
      controller_id: callback.controllerId,
      expected_completion_time: rfc3339(callback.expectedCompletionAt),
      status_callback_url: callback.url,
      subject_request_id: callback.subjectRequestId,
      request_status: callback.requestStatus,
      api_version: OPENDSR_API_VERSION,
    };
    const result = await this.sender.deliver(callback.url, body, signer);
    const now = this.clock.now();
    if (result.delivered) {
      await this.queue.markDelivered(callback, result.httpStatus, now);
      this.outcomes.inc({ outcome: 'delivered' });
      return;
    }
    const { callbackMaxAttempts, callbackBaseDelayMs, callbackMaxDelayMs } = this.config.opendsr;
    const retryAt =
      callback.attempts >= callbackMaxAttempts
        ? null
        : new Date(
            now.getTime() + callbackRetryDelayMs(callback.attempts, callbackBaseDelayMs, callbackMaxDelayMs),
          );
    await this.queue.markFailed(callback, result.error, retryAt, now);
    this.outcomes.inc({ outcome: retryAt ? 'failed' : 'given_up' });
  }
}
