import { deadLetterTopic, letheTopics, LetheTopics } from './topics';

/**
 * The topics of the protocol and how each is created: partitions and topic configs. One definition for the
 * coordinator and the SDK, since either may be the first to create a topic.
 */
export interface TopicSpec {
  topic: string;
  numPartitions: number;
  configEntries?: { name: string; value: string }[];
}

export const RETENTION_MS_CONFIG = 'retention.ms';
export const CLEANUP_POLICY_CONFIG = 'cleanup.policy';

/**
 * How long a command topic keeps its messages. Commands carry raw identities, so they must age out of Kafka: a
 * week is ample for a service to come back from an outage and far less than the time the ledger proves things.
 */
export const DEFAULT_COMMAND_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

export interface CommandTopicOptions {
  partitions: number;
  /** @defaultValue 1 */
  deadLetterPartitions?: number;
  /** @defaultValue DEFAULT_COMMAND_RETENTION_MS */
  retentionMs?: number;
}

/** A service's command topic and its dead letters, both with bounded retention. */
export function commandTopicSpecs(
  topics: LetheTopics,
  service: string,
  options: CommandTopicOptions,
): TopicSpec[] {
  const topic = topics.commands(service);
  const retention = [
    { name: RETENTION_MS_CONFIG, value: String(options.retentionMs ?? DEFAULT_COMMAND_RETENTION_MS) },
  ];
  return [
    { topic, numPartitions: options.partitions, configEntries: retention },
    {
      topic: deadLetterTopic(topic),
      numPartitions: options.deadLetterPartitions ?? 1,
      configEntries: retention,
    },
  ];
}

export function resultsTopicSpec(topics: LetheTopics, partitions: number): TopicSpec {
  return { topic: topics.results, numPartitions: partitions };
}

export function verificationsTopicSpec(topics: LetheTopics, partitions: number): TopicSpec {
  return { topic: topics.verifications, numPartitions: partitions };
}

/** Compacted: the registry only needs each service's latest announcement, forever. */
export function registryTopicSpec(topics: LetheTopics, partitions: number): TopicSpec {
  return {
    topic: topics.registry,
    numPartitions: partitions,
    configEntries: [{ name: CLEANUP_POLICY_CONFIG, value: 'compact' }],
  };
}

/** What the coordinator consumes: results, announcements and verification results, and their dead letters. */
export function coordinatorTopicSpecs(topics: LetheTopics, resultsPartitions: number): TopicSpec[] {
  return [
    resultsTopicSpec(topics, resultsPartitions),
    { topic: deadLetterTopic(topics.results), numPartitions: 1 },
    registryTopicSpec(topics, 1),
    { topic: deadLetterTopic(topics.registry), numPartitions: 1 },
    verificationsTopicSpec(topics, resultsPartitions),
    { topic: deadLetterTopic(topics.verifications), numPartitions: 1 },
  ];
}

export interface SdkTopicPartitions {
  commands: number;
  results: number;
  registry: number;
  deadLetter: number;
}

/**
 * What a service's SDK reads or writes: its commands and their dead letters, the results, the registry, and the
 * verification results (the same partitions as the results).
 */
export function sdkTopicSpecs(
  service: string,
  partitions: SdkTopicPartitions,
  topics: LetheTopics = letheTopics(),
  commandRetentionMs: number = DEFAULT_COMMAND_RETENTION_MS,
): TopicSpec[] {
  return [
    ...commandTopicSpecs(topics, service, {
      partitions: partitions.commands,
      deadLetterPartitions: partitions.deadLetter,
      retentionMs: commandRetentionMs,
    }),
    resultsTopicSpec(topics, partitions.results),
    registryTopicSpec(topics, partitions.registry),
    verificationsTopicSpec(topics, partitions.results),
  ];
}

/** A topic config as a broker describes it; `dynamic` when set on the topic itself rather than a default. */
export interface DescribedTopicConfig {
  name: string;
  value: string | null;
  dynamic: boolean;
}

export interface TopicConfigChange {
  topic: string;
  /** The topic's complete set of topic-level configs to write: its own, with the spec's values applied. */
  configEntries: { name: string; value: string }[];
  /** The names whose values change. */
  changed: string[];
}

/**
 * The change that brings an existing topic's retention in line with its spec, or undefined when it already is.
 * Only `retention.ms` is enforced (partitions cannot shrink, and other configs are the operator's). The write
 * carries the topic's other dynamic configs unchanged, because a non-incremental AlterConfigs replaces them all.
 */
export function retentionChange(
  spec: TopicSpec,
  described: readonly DescribedTopicConfig[],
): TopicConfigChange | undefined {
  const wanted = spec.configEntries?.find((entry) => entry.name === RETENTION_MS_CONFIG);
  if (!wanted) return undefined;
  const current = described.find((entry) => entry.name === RETENTION_MS_CONFIG);
  if (current?.value === wanted.value) return undefined;
  const kept = described
    .filter((entry) => entry.dynamic && entry.name !== RETENTION_MS_CONFIG && entry.value !== null)
    .map((entry) => ({ name: entry.name, value: entry.value as string }));
  return { topic: spec.topic, configEntries: [...kept, wanted], changed: [RETENTION_MS_CONFIG] };
}
