/** Kafka topic names of the Lethe wire protocol, v1. */

export const COMMAND_TOPIC_PREFIX = 'lethe.erasure.commands.';
export const RESULTS_TOPIC = 'lethe.erasure.results';
export const REGISTRY_TOPIC = 'lethe.registry';
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
