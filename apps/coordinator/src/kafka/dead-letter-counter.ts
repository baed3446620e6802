import type { KafkaConnection } from './kafka-connection';

type DeadLetterListener = (topic: string, code: string) => void;

/**
 * consumeSafely is a plain function shared by every consumer, so it cannot have the metrics injected. It reaches
 * its app's counter through the app's KafkaConnection instead: one per app instance, so apps running side by side
 * in one process (tests) count separately.
 */
const listeners = new WeakMap<KafkaConnection, DeadLetterListener>();

export function onDeadLetter(kafka: KafkaConnection, listener: DeadLetterListener): void {
  listeners.set(kafka, listener);
}

export function countDeadLetter(kafka: KafkaConnection, topic: string, code: string): void {
  listeners.get(kafka)?.(topic, code);
}
