/** Kafka topic names of the Lethe wire protocol, v1. */

export const COMMAND_TOPIC_PREFIX = 'lethe.erasure.commands.';
export const RESULTS_TOPIC = 'lethe.erasure.results';
export const REGISTRY_TOPIC = 'lethe.registry';
/** Where services answer verification commands (`erasure.verify_result`). */
export const VERIFICATIONS_TOPIC = 'lethe.erasure.verifications';
export const DLQ_SUFFIX = '.dlq';

/** Service names become topic names and database keys, so they are deliberately narrow. */
export const SERVICE_NAME_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;

export function isValidServiceName(name: string): boolean {
  return SERVICE_NAME_PATTERN.test(name);
}

export function commandTopic(service: string): string {
  if (!isValidServiceName(service)) {
    throw new RangeError(`invalid service name "${service}": expected ${SERVICE_NAME_PATTERN.source}`);
  }
  return `${COMMAND_TOPIC_PREFIX}${service}`;
}

export function deadLetterTopic(topic: string): string {
  return `${topic}${DLQ_SUFFIX}`;
}

/** A namespace is a plain prefix on every topic name; it must keep the names legal Kafka topic names. */
export const TOPIC_PREFIX_PATTERN = /^[a-zA-Z0-9._-]{0,100}$/;

/**
 * The protocol's topic names under an optional namespace prefix, so several environments (staging and production,
 * or parallel test runs) can share one Kafka cluster without seeing each other's messages. The coordinator and
 * every service of one environment must use the same prefix. The empty prefix gives the plain names above.
 */
export interface LetheTopics {
  readonly prefix: string;
  readonly results: string;
  readonly registry: string;
  readonly verifications: string;
  commands(service: string): string;
}

export function letheTopics(prefix = ''): LetheTopics {
  if (!TOPIC_PREFIX_PATTERN.test(prefix)) {
    throw new RangeError(`invalid topic prefix "${prefix}": expected ${TOPIC_PREFIX_PATTERN.source}`);
  }
  return {
    prefix,
    results: prefix + RESULTS_TOPIC,
    registry: prefix + REGISTRY_TOPIC,
    verifications: prefix + VERIFICATIONS_TOPIC,
    commands: (service) => prefix + commandTopic(service),
  };
}
