import type { Kafka } from 'kafkajs';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { IdentityType, isIdentityType } from '../protocol/identity';
import type { ServiceAnnouncement } from '../protocol/messages';
import { validate } from '../protocol/schema';
import { CommandVerificationKey, parseCommandPublicKey } from '../protocol/command-signing';
import type { SigningKey } from '../protocol/service-signing';
import { isValidServiceName, letheTopics, LetheTopics, SERVICE_NAME_PATTERN } from '../protocol/topics';
import { serviceAnnouncementSchema } from '../protocol/validation';
import { DEFAULT_COMMAND_RETENTION_MS } from '../protocol/topic-specs';
import { DEFAULT_MAX_CLOCK_SKEW_MS, DEFAULT_MAX_COMMAND_AGE_MS } from '../core/command-admission';
import { DeletionClientError, DeletionClientErrorCode } from '../core/deletion-client.error';
import { DEFAULT_HANDLER_TIMEOUT_MS } from '../core/erasure-executor';
import { LocalRetryOptions, ResolvedLocalRetry, resolveLocalRetry } from '../core/local-retry';
import { InMemoryProcessedCommandStore, ProcessedCommandStore } from '../core/processed-command-store';
import { createStderrLogger, SdkLogger } from '../core/sdk-logger';
import { SDK_VERSION } from '../core/sdk-version';
import { stripUndefined } from '../core/strip-undefined';

/** Partition counts used when the SDK creates topics that do not exist yet. */
export interface TopicPartitionOptions {
  /** @defaultValue 3 */
  commands?: number;
  /** @defaultValue 3 */
  results?: number;
  /** @defaultValue 1 */
  registry?: number;
  /** @defaultValue 1 */
  deadLetter?: number;
}

/** Tuning passed to the kafkajs consumer. */
export interface ConsumerTuning {
  /** @defaultValue 5000 (kafkajs) */
  maxWaitTimeInMs?: number;
  /** @defaultValue 30000 (kafkajs) */
  sessionTimeout?: number;
  /** @defaultValue 3000 (kafkajs) */
  heartbeatInterval?: number;
  /** @defaultValue 60000 (kafkajs) */
  rebalanceTimeout?: number;
}

export interface DeletionClientOptions {
  /** This service's name as registered with the coordinator: `^[a-z][a-z0-9-]{0,62}$`. */
  service: string;
  /** Kafka bootstrap brokers, e.g. `['kafka-1:9092']`. Required unless `kafka` is given. */
  brokers?: string[];
  /**
   * An existing kafkajs instance, for SSL/SASL or shared connections. Takes precedence over `brokers`.
   * @defaultValue a new `Kafka({ clientId, brokers })` whose logs go to `logger`
   */
  kafka?: Kafka;
  /** @defaultValue `lethe-sdk-<service>` */
  clientId?: string;
  /**
   * This service's own HMAC key from the coordinator's operator (`npm run service-secret -- <service>`). It signs
   * the results and announcements this service sends; it never verifies commands.
   */
  signingKey: SigningKey;
  /**
   * The coordinator's Ed25519 public keys that commands are accepted under (`npm run command-public-key`, or
   * `GET /v1/keys/command-signing`). Commands signed any other way — including with this service's own secret —
   * are dead-lettered. List the next key before the coordinator rotates to it; drop the old one afterwards.
   */
  commandVerificationKeys: CommandVerificationKey[];
  /** Identity types this service can look people up by (announced to the coordinator). */
  identityTypes: IdentityType[];
  /** Kinds of personal data the service holds, e.g. `['account', 'profile']` (announced; for the record). */
  dataCategories: string[];
  /** @defaultValue 10000 */
  heartbeatIntervalMs?: number;
  /**
   * Namespace prefix of every topic, shared with the coordinator of the same environment (e.g. `staging.`).
   * @defaultValue `''` (the plain protocol topic names)
   */
  topicPrefix?: string;
  /** Consumer group; all instances of a service share it. @defaultValue `<topicPrefix>lethe-sdk-<service>` */
  groupId?: string;
  /** @defaultValue `{ attempts: 3, baseDelayMs: 200, maxDelayMs: 5000 }` */
  localRetry?: LocalRetryOptions;
  /**
   * How long one handler call may run. Past it the handler's `ctx.signal` is aborted and the command is answered
   * with a retriable `HANDLER_TIMEOUT` failure (not retried locally), so the coordinator re-dispatches it with
   * backoff. Keep it well below the coordinator's acknowledgement timeout (`LETHE_ACK_TIMEOUT_MS`).
   * @defaultValue 60000
   */
  handlerTimeoutMs?: number;
  /**
   * A command still in hand after this long moves to a background slot and the partition's next commands are
   * taken, so one slow subject cannot hold up the others. Commands of one request keep their order, and offsets
   * are committed only below the lowest unfinished one.
   * @defaultValue 2000
   */
  handOffAfterMs?: number;
  /**
   * At most this many commands run in the background at once; beyond it the consumer waits for one to finish.
   * @defaultValue 16
   */
  maxHandedOffCommands?: number;
  /**
   * At most this many commands run at once in this client, across the batches of every partition it reads
   * (handed-off commands apart, see `maxHandedOffCommands`). Commands of one request (same key) always run one
   * after another, in order. Keep it near what the handlers' stores can take at once (a connection pool's size,
   * say): 1 runs commands strictly one at a time.
   * @defaultValue 32
   */
  maxConcurrentCommands?: number;
  /**
   * How many partitions' fetched batches are answered at once. Each partition keeps its order and its own commits;
   * their answers share produce requests. 1 answers one partition's batch after another.
   * @defaultValue `topicPartitions.commands` (3)
   */
  partitionsConsumedConcurrently?: number;
  /**
   * Results, verification results and dead letters published within this many milliseconds of each other go to
   * Kafka in one produce request. Each batch's offsets are committed only after its records are acknowledged.
   * @defaultValue 5
   */
  publishLingerMs?: number;
  /** At most this many records in one produce request; a full batch is sent without lingering. @defaultValue 500 */
  maxPublishBatchSize?: number;
  /**
   * Replay window: a command issued longer ago, and not already answered, is dead-lettered (`STALE_COMMAND`), not
   * run. The coordinator re-issues every retry with a fresh `issuedAt`, so keep this well above its acknowledgement
   * timeout (`LETHE_ACK_TIMEOUT_MS`, 15 minutes by default).
   * @defaultValue 86 400 000 (24 hours)
   */
  maxCommandAgeMs?: number;
  /** Commands issued further in the future are dead-lettered. @defaultValue 300000 (5 minutes) */
  maxClockSkewMs?: number;
  /**
   * Where the SDK logs. Every line is masked first (email- and phone-shaped text, and the identities of the
   * command being processed), whichever logger this is.
   * @defaultValue warnings and errors as JSON lines on stderr
   */
  logger?: SdkLogger;
  /** Create missing topics on `start()`. Turn off where topics are managed by the platform. @defaultValue true */
  ensureTopics?: boolean;
  /** @defaultValue `{ commands: 3, results: 3, registry: 1, deadLetter: 1 }` */
  topicPartitions?: TopicPartitionOptions;
  /** Replication factor of created topics. @defaultValue the broker's `default.replication.factor` */
  replicationFactor?: number;
  /**
   * `retention.ms` of this service's command topic and its dead letters: commands carry raw identities, so they
   * must age out of Kafka. Set when the SDK creates the topics and, with `ensureTopics`, corrected on existing
   * ones at start-up; keep it equal to the coordinator's `LETHE_COMMAND_RETENTION_MS`.
   * @defaultValue 604 800 000 (7 days)
   */
  commandRetentionMs?: number;
  /** Where results of processed commands are remembered. @defaultValue in memory, last 10 000 commands */
  processedCommands?: ProcessedCommandStore;
  /** Identifies this process in announcements. @defaultValue `<hostname>-<pid>-<random>` */
  instanceId?: string;
  /** kafkajs consumer tuning. @defaultValue kafkajs defaults */
  consumer?: ConsumerTuning;
}

export interface ResolvedDeletionClientOptions {
  service: string;
  brokers: string[];
  kafka?: Kafka;
  clientId: string;
  signingKey: SigningKey;
  commandVerificationKeys: CommandVerificationKey[];
  identityTypes: IdentityType[];
  dataCategories: string[];
  heartbeatIntervalMs: number;
  topics: LetheTopics;
  groupId: string;
  localRetry: ResolvedLocalRetry;
  handlerTimeoutMs: number;
  handOffAfterMs: number;
  maxHandedOffCommands: number;
  maxConcurrentCommands: number;
  partitionsConsumedConcurrently: number;
  publishLingerMs: number;
  maxPublishBatchSize: number;
  maxCommandAgeMs: number;
  maxClockSkewMs: number;
  logger: SdkLogger;
  ensureTopics: boolean;
  topicPartitions: Required<TopicPartitionOptions>;
  replicationFactor?: number;
  commandRetentionMs: number;
  processedCommands: ProcessedCommandStore;
  instanceId: string;
  consumer: ConsumerTuning;
}

const MIN_SECRET_LENGTH = 16;
const DEFAULT_HAND_OFF_AFTER_MS = 2_000;
const DEFAULT_MAX_HANDED_OFF_COMMANDS = 16;
const DEFAULT_MAX_CONCURRENT_COMMANDS = 32;
const DEFAULT_PUBLISH_LINGER_MS = 5;
const DEFAULT_MAX_PUBLISH_BATCH_SIZE = 500;

function invalid(message: string): DeletionClientError {
  return new DeletionClientError(
    DeletionClientErrorCode.InvalidOptions,
    `invalid DeletionClient options: ${message}`,
  );
}

function requireInteger(name: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min)
    throw invalid(`${name} must be an integer ≥ ${min}, got ${value}`);
  return value;
}

/** Fills in defaults and fails fast, naming the option, on anything that would only break later. */
export function resolveDeletionClientOptions(options: DeletionClientOptions): ResolvedDeletionClientOptions {
  const { service } = options;
  if (typeof service !== 'string' || !isValidServiceName(service)) {
    throw invalid(`service "${String(service)}" must match ${SERVICE_NAME_PATTERN.source}`);
  }
  const brokers = options.brokers ?? [];
  if (
    !options.kafka &&
    (brokers.length === 0 || brokers.some((b) => typeof b !== 'string' || b.length === 0))
  ) {
    throw invalid('brokers must list at least one broker (or pass an existing kafka instance)');
  }
  const signingKey = resolveSigningKey(options.signingKey);
  const commandVerificationKeys = resolveCommandVerificationKeys(options.commandVerificationKeys);
  const identityTypes = [...new Set(options.identityTypes ?? [])];
  const unknownType = identityTypes.find((type) => !isIdentityType(type));
  if (unknownType !== undefined)
    throw invalid(`identityTypes: unknown identity type "${String(unknownType)}"`);

  const instanceId = options.instanceId ?? defaultInstanceId();
  const dataCategories = [...new Set(options.dataCategories ?? [])];
  // The announcement is built from these options on every heartbeat; check it once, now, against its schema.
  const sample: ServiceAnnouncement = {
    v: 1,
    type: 'service.announce',
    service,
    instanceId,
    identityTypes,
    dataCategories,
    sdkVersion: SDK_VERSION,
    at: new Date().toISOString(),
  };
  const issues = validate(serviceAnnouncementSchema, sample);
  if (issues.length > 0) throw invalid(issues.join('; '));

  let localRetry: ResolvedLocalRetry;
  try {
    localRetry = resolveLocalRetry(options.localRetry);
  } catch (err) {
    throw invalid((err as Error).message);
  }
  const partitions = {
    commands: 3,
    results: 3,
    registry: 1,
    deadLetter: 1,
    ...stripUndefined(options.topicPartitions),
  };
  for (const [name, count] of Object.entries(partitions)) requireInteger(`topicPartitions.${name}`, count, 1);
  if (options.replicationFactor !== undefined)
    requireInteger('replicationFactor', options.replicationFactor, 1);

  let topics: LetheTopics;
  try {
    topics = letheTopics(options.topicPrefix ?? '');
  } catch (error) {
    throw invalid((error as Error).message);
  }
  const groupId = options.groupId ?? `${topics.prefix}lethe-sdk-${service}`;
  const clientId = options.clientId ?? `lethe-sdk-${service}`;
  if (groupId.length === 0) throw invalid('groupId must not be empty');
  if (clientId.length === 0) throw invalid('clientId must not be empty');

  return {
    service,
    brokers,
    kafka: options.kafka,
    clientId,
    signingKey,
    commandVerificationKeys,
    identityTypes,
    dataCategories,
    heartbeatIntervalMs: requireInteger('heartbeatIntervalMs', options.heartbeatIntervalMs ?? 10_000, 100),
    topics,
    groupId,
    localRetry,
    handlerTimeoutMs: requireInteger(
      'handlerTimeoutMs',
      options.handlerTimeoutMs ?? DEFAULT_HANDLER_TIMEOUT_MS,
      1,
    ),
    handOffAfterMs: requireInteger('handOffAfterMs', options.handOffAfterMs ?? DEFAULT_HAND_OFF_AFTER_MS, 1),
    maxHandedOffCommands: requireInteger(
      'maxHandedOffCommands',
      options.maxHandedOffCommands ?? DEFAULT_MAX_HANDED_OFF_COMMANDS,
      1,
    ),
    maxConcurrentCommands: requireInteger(
      'maxConcurrentCommands',
      options.maxConcurrentCommands ?? DEFAULT_MAX_CONCURRENT_COMMANDS,
      1,
    ),
    partitionsConsumedConcurrently: requireInteger(
      'partitionsConsumedConcurrently',
      options.partitionsConsumedConcurrently ?? partitions.commands,
      1,
    ),
    publishLingerMs: requireInteger(
      'publishLingerMs',
      options.publishLingerMs ?? DEFAULT_PUBLISH_LINGER_MS,
      0,
    ),
    maxPublishBatchSize: requireInteger(
      'maxPublishBatchSize',
      options.maxPublishBatchSize ?? DEFAULT_MAX_PUBLISH_BATCH_SIZE,
      1,
    ),
    maxCommandAgeMs: requireInteger(
      'maxCommandAgeMs',
      options.maxCommandAgeMs ?? DEFAULT_MAX_COMMAND_AGE_MS,
      1,
    ),
    maxClockSkewMs: requireInteger('maxClockSkewMs', options.maxClockSkewMs ?? DEFAULT_MAX_CLOCK_SKEW_MS, 0),
    logger: options.logger ?? createStderrLogger(),
    ensureTopics: options.ensureTopics ?? true,
    topicPartitions: partitions,
    replicationFactor: options.replicationFactor,
    commandRetentionMs: requireInteger(
      'commandRetentionMs',
      options.commandRetentionMs ?? DEFAULT_COMMAND_RETENTION_MS,
      1,
    ),
    processedCommands: options.processedCommands ?? new InMemoryProcessedCommandStore(),
    instanceId,
    consumer: { ...stripUndefined(options.consumer) },
  };
}

function validKeyId(id: unknown): boolean {
  return typeof id === 'string' && id.length > 0 && id.length <= 64;
}

function resolveSigningKey(key: SigningKey | undefined): SigningKey {
  if (!key || !validKeyId(key.id)) throw invalid('signingKey.id must be 1–64 characters');
  if (typeof key.secret !== 'string' || key.secret.length < MIN_SECRET_LENGTH) {
    throw invalid(`signingKey.secret must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  return { id: key.id, secret: key.secret };
}

function resolveCommandVerificationKeys(
  keys: CommandVerificationKey[] | undefined,
): CommandVerificationKey[] {
  if (!Array.isArray(keys) || keys.length === 0) {
    throw invalid("commandVerificationKeys must contain at least one of the coordinator's public keys");
  }
  const ids = new Set<string>();
  return keys.map((key, index) => {
    if (!validKeyId(key?.id)) throw invalid(`commandVerificationKeys[${index}].id must be 1–64 characters`);
    if (ids.has(key.id)) throw invalid(`commandVerificationKeys has two keys with id "${key.id}"`);
    ids.add(key.id);
    try {
      parseCommandPublicKey(String(key.publicKey));
    } catch (error) {
      throw invalid(`commandVerificationKeys[${index}].publicKey: ${(error as Error).message}`);
    }
    return { id: key.id, publicKey: key.publicKey };
  });
}

function defaultInstanceId(): string {
  return `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`.slice(-128);
}
