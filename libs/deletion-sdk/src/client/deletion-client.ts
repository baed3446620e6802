import { Consumer, EachBatchPayload, Kafka, logLevel, Partitioners, Producer } from 'kafkajs';
import { commandVerifier } from '../protocol/command-signing';
import { serviceSigner } from '../protocol/service-signing';
import type { MessageVerifier } from '../protocol/signing';
import { CommandProcessor } from '../core/command-processor';
import { DeletionClientError, DeletionClientErrorCode } from '../core/deletion-client.error';
import type { ErasureHandler } from '../core/erasure-context';
import { ErasureHandlerRegistry } from '../core/erasure-handler.registry';
import { VerificationProcessor } from '../core/verification-processor';
import type { VerifyHandler } from '../core/verify-handler';
import { realSleep } from '../core/local-retry';
import { redactingLogger } from '../core/sdk-logger';
import { SDK_VERSION } from '../core/sdk-version';
import { CommandMessageHandler } from './command-message.handler';
import {
  DeletionClientOptions,
  resolveDeletionClientOptions,
  ResolvedDeletionClientOptions,
} from './deletion-client.options';
import { kafkaLogCreator } from './kafka-log-creator';
import { MessagePublisher } from './message-publisher';
import { PartitionWorkScheduler } from './partition-work-scheduler';
import { RegistryHeartbeat } from './registry-heartbeat';
import { buildServiceAnnouncement } from './service-announcement';
import { sdkTopicSpecs } from '../protocol/topic-specs';
import { TopicProvisioner } from './topic-provisioner';

type ClientState = 'idle' | 'starting' | 'running' | 'stopping' | 'stopped';

/** How often the consumer's group membership is kept alive while a slow handler runs. */
const DEFAULT_CONSUMER_HEARTBEAT_MS = 3_000;

/**
 * Lethe's SDK for plain Node services: registers the service, heartbeats, consumes its erasure commands, runs the
 * handlers and publishes signed results. Commands are accepted only under the coordinator's Ed25519 keys; results
 * are signed with the service's own HMAC key. Offsets are committed only after the result is acknowledged by Kafka.
 *
 * @example
 * const client = new DeletionClient({ service: 'cart', brokers: ['kafka:9092'], signingKey, commandVerificationKeys, identityTypes: ['user_id'], dataCategories: ['cart'] });
 * client.onErasure('redis', async (ctx) => deleted(await carts.deleteFor(ctx.valuesOf('user_id'))));
 * await client.start();
 */
export class DeletionClient {
  /** The SDK version this client reports in results and announcements. */
  readonly sdkVersion = SDK_VERSION;
  private readonly options: ResolvedDeletionClientOptions;
  private readonly handlers = new ErasureHandlerRegistry();
  private readonly verifyHandlerRegistry = new ErasureHandlerRegistry<VerifyHandler>('verify');
  private readonly processor: CommandProcessor;
  private readonly verifications: VerificationProcessor;
  private readonly verifier: MessageVerifier;
  private readonly topic: string;
  private state: ClientState = 'idle';
  private starting: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;
  private producer: Producer | undefined;
  private consumer: Consumer | undefined;
  private heartbeat: RegistryHeartbeat | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private scheduler: PartitionWorkScheduler | undefined;
  private consumerDead = false;

  constructor(options: DeletionClientOptions) {
    const resolved = resolveDeletionClientOptions(options);
    // Masked at the root, so the client's own lines and kafkajs's (see kafkaLogCreator) are masked too.
    this.options = { ...resolved, logger: redactingLogger(resolved.logger) };
    const { service, commandVerificationKeys, maxCommandAgeMs, maxClockSkewMs, localRetry, logger } =
      this.options;
    const { handlerTimeoutMs } = this.options;
    this.topic = this.options.topics.commands(service);
    this.verifier = commandVerifier(commandVerificationKeys);
    this.processor = new CommandProcessor({
      admission: { service, maxCommandAgeMs, maxClockSkewMs },
      handlers: () => this.handlers.snapshot(),
      store: this.options.processedCommands,
      localRetry,
      handlerTimeoutMs,
      logger,
      sleep: realSleep,
      now: () => new Date(),
    });
    this.verifications = new VerificationProcessor({
      admission: { service, maxCommandAgeMs, maxClockSkewMs },
      handlers: () => this.verifyHandlerRegistry.snapshot(),
      handlerTimeoutMs,
      logger,
      now: () => new Date(),
    });
  }

  get service(): string {
    return this.options.service;
  }

  /** The topic this client consumes: `<topicPrefix>lethe.erasure.commands.<service>`. */
  get commandTopic(): string {
    return this.topic;
  }

  /** True while commands are being consumed; false before start, after stop, and after a fatal consumer crash. */
  get isRunning(): boolean {
    return this.state === 'running' && !this.consumerDead;
  }

  /**
   * Registers the handler for one store. Every handler runs for every command; their outcomes are combined.
   * @param name - unique per service, e.g. `postgres`; appears in logs and error messages
   */
  onErasure(name: string, handler: ErasureHandler): this {
    if (this.state !== 'idle' && this.state !== 'stopped') {
      throw new DeletionClientError(
        DeletionClientErrorCode.InvalidState,
        `cannot register erasure handler "${name}" while the client is ${this.state}`,
      );
    }
    this.handlers.register(name, handler);
    return this;
  }

  /**
   * Registers the verify handler for one store: some time after an erasure completed the coordinator asks whether
   * the subject is still there (a backup restore, a replayed event), and every verify handler answers `absent()` or
   * `present(records)`. A service with none answers `failed` (NO_VERIFY_HANDLER), so the coordinator knows it
   * could not check.
   * @param name - unique per service, usually the name of the store's erasure handler
   */
  onVerify(name: string, handler: VerifyHandler): this {
    if (this.state !== 'idle' && this.state !== 'stopped') {
      throw new DeletionClientError(
        DeletionClientErrorCode.InvalidState,
        `cannot register verify handler "${name}" while the client is ${this.state}`,
      );
    }
    this.verifyHandlerRegistry.register(name, handler);
    return this;
  }

  /** The registered verify handlers (a copy); the test harness runs these. */
  verifyHandlers(): ReadonlyMap<string, VerifyHandler> {
    return this.verifyHandlerRegistry.snapshot();
  }

  /** Names of the registered handlers, in registration order. */
  handlerNames(): string[] {
    return this.handlers.names();
  }

  /** The registered handlers (a copy); the test harness runs these. */
  erasureHandlers(): ReadonlyMap<string, ErasureHandler> {
    return this.handlers.snapshot();
  }

  /**
   * Creates missing topics, connects, announces the service and starts consuming commands. Resolves once the
   * consumer has joined its group.
   */
  async start(): Promise<void> {
    if (this.state === 'starting' && this.starting) return this.starting;
    if (this.state === 'running') return;
    if (this.state === 'stopping') {
      throw new DeletionClientError(
        DeletionClientErrorCode.InvalidState,
        'cannot start while the client is stopping',
      );
    }
    if (this.handlers.size === 0) {
      throw new DeletionClientError(
        DeletionClientErrorCode.NoHandlers,
        `no erasure handlers registered for service "${this.service}": register one per data store with onErasure() before start()`,
      );
    }
    this.state = 'starting';
    this.starting = this.connectAndRun().then(
      () => {
        this.state = 'running';
      },
      async (err: unknown) => {
        await this.disconnectAll();
        this.state = 'stopped';
        throw err;
      },
    );
    try {
      await this.starting;
    } finally {
      this.starting = undefined;
    }
  }

  /**
   * Stops taking new commands, lets the commands in hand finish (their results are published and their offsets
   * committed; those of the batch not started yet stay uncommitted, for redelivery), stops heartbeats and
   * disconnects. Safe to call more than once.
   */
  async stop(): Promise<void> {
    if (this.starting) await this.starting.catch(() => undefined);
    if (this.state !== 'running') return this.stopping;
    this.state = 'stopping';
    this.stopping = this.shutDown().finally(() => {
      this.stopping = undefined;
    });
    return this.stopping;
  }

  private async shutDown(): Promise<void> {
    const { logger } = this.options;
    // Not consumer.stop(): kafkajs marks the consumer stopped before the message in hand finishes and then
    // silently drops that message's offset commit. Pausing stops new fetches while commits still work.
    try {
      this.consumer?.pause([{ topic: this.topic }]);
    } catch (err) {
      logger.warn('could not pause the command consumer', { error: (err as Error).message });
    }
    await Promise.allSettled([...this.inFlight]);
    // Handed-off commands (slow or hung handlers) end within their handler timeout; their results still count.
    await this.scheduler?.drain();
    await this.disconnectAll();
    this.state = 'stopped';
    logger.info('deletion client stopped', { service: this.service });
  }

  private async connectAndRun(): Promise<void> {
    const { logger, ensureTopics, service, heartbeatIntervalMs } = this.options;
    const kafka = this.options.kafka ?? this.createKafka();
    if (ensureTopics) await this.ensureTopics(kafka);

    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await this.producer.connect();
    const publisher = new MessagePublisher(this.producer, serviceSigner(this.options.signingKey), logger, {
      lingerMs: this.options.publishLingerMs,
      maxBatchSize: this.options.maxPublishBatchSize,
    });

    this.heartbeat = new RegistryHeartbeat(
      () =>
        publisher.publish(
          this.options.topics.registry,
          service,
          buildServiceAnnouncement(this.options, new Date()),
        ),
      heartbeatIntervalMs,
      logger,
    );
    await this.heartbeat.start();

    const { groupId, consumer: tuning } = this.options;
    const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, ...tuning });
    this.consumer = consumer;
    this.consumerDead = false;
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.consumerDead = !payload.restart;
      logger.error(
        payload.restart
          ? 'command consumer crashed; kafkajs restarts it'
          : 'command consumer crashed for good; this instance no longer processes erasure commands',
        { error: payload.error.message },
      );
    });
    const handler = new CommandMessageHandler({
      verifier: this.verifier,
      processor: this.processor,
      verifications: this.verifications,
      publisher,
      resultsTopic: this.options.topics.results,
      verificationsTopic: this.options.topics.verifications,
    });
    const scheduler = new PartitionWorkScheduler({
      commit: (topic, partition, offset) => consumer.commitOffsets([{ topic, partition, offset }]),
      handOffAfterMs: this.options.handOffAfterMs,
      maxHandedOff: this.options.maxHandedOffCommands,
      // one bound for the client: several partitions' batches run at once
      maxRunning: this.options.maxConcurrentCommands,
      isActive: () => this.state === 'running' || this.state === 'starting',
      logger,
      sleep: realSleep,
    });
    this.scheduler = scheduler;
    await consumer.connect();
    // From the beginning for a new group: commands may be waiting from before this service first started.
    await consumer.subscribe({ topics: [this.topic], fromBeginning: true });
    const keepAliveMs = tuning.heartbeatInterval ?? DEFAULT_CONSUMER_HEARTBEAT_MS;
    await consumer.run({
      autoCommit: false,
      // partitions answered side by side: their results share produce requests and their commits overlap
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently,
      eachBatch: (payload) => this.track(this.consumeBatch(payload, handler, scheduler, keepAliveMs)),
    });
    logger.info('deletion client started', {
      service,
      topic: this.topic,
      groupId,
      handlers: this.handlerNames(),
    });
  }

  /**
   * Answers one fetched batch: its commands run concurrently across requests (see PartitionWorkScheduler), their
   * answers go out in batched produce requests, and the partition's position is committed once. If a command
   * failed in line, the partition is read again from it (earlier offsets are done or handed off).
   */
  private async consumeBatch(
    { batch, heartbeat, resolveOffset }: EachBatchPayload,
    handler: CommandMessageHandler,
    scheduler: PartitionWorkScheduler,
    keepAliveMs: number,
  ): Promise<void> {
    // A batch fetched before stop()'s pause took effect stays uncommitted, for redelivery after a restart.
    if (this.state === 'stopping') return;
    const { topic, partition } = batch;
    const items = batch.messages.map((message) => ({
      ref: { topic, partition, offset: message.offset, key: message.key?.toString('utf8') ?? '' },
      work: () => handler.handle({ topic, partition, message }),
    }));
    // kafkajs heartbeats only between batches; keep the group membership alive through slow handlers and backoff.
    const keepAlive = setInterval(() => {
      heartbeat().catch((err: unknown) =>
        this.options.logger.debug('consumer heartbeat failed', { error: String(err) }),
      );
    }, keepAliveMs);
    try {
      const { failure } = await scheduler.submitBatch(items, this.options.maxConcurrentCommands);
      if (failure === undefined) return;
      // Everything below the failed offset is answered or handed off: fetch again from the failed one.
      if (failure.offset > BigInt(items[0].ref.offset)) resolveOffset((failure.offset - 1n).toString());
      throw failure.error;
    } finally {
      clearInterval(keepAlive);
    }
  }

  private createKafka(): Kafka {
    const { clientId, brokers, logger } = this.options;
    return new Kafka({ clientId, brokers, logLevel: logLevel.INFO, logCreator: kafkaLogCreator(logger) });
  }

  private async ensureTopics(kafka: Kafka): Promise<void> {
    const { service, topicPartitions, replicationFactor, logger, commandRetentionMs } = this.options;
    const admin = kafka.admin();
    await admin.connect();
    try {
      await new TopicProvisioner(admin, logger, replicationFactor).ensure(
        sdkTopicSpecs(service, topicPartitions, this.options.topics, commandRetentionMs),
      );
    } finally {
      await admin.disconnect();
    }
  }

  private async track(work: Promise<void>): Promise<void> {
    this.inFlight.add(work);
    try {
      await work;
    } finally {
      this.inFlight.delete(work);
    }
  }

  private async disconnectAll(): Promise<void> {
    const { heartbeat, consumer, producer } = this;
    this.heartbeat = undefined;
    this.consumer = undefined;
    this.producer = undefined;
    const steps: [string, (() => Promise<void>) | undefined][] = [
      ['heartbeat', heartbeat && (() => heartbeat.stop())],
      ['consumer', consumer && (() => consumer.disconnect())],
      ['producer', producer && (() => producer.disconnect())],
    ];
    for (const [name, step] of steps) {
      try {
        await step?.();
      } catch (err) {
        this.options.logger.warn(`error while disconnecting the ${name}`, { error: (err as Error).message });
      }
    }
  }
}
