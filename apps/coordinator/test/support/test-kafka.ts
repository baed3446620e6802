/**
 * How long a test's Kafka consumers wait at the broker per fetch. Messages arrive as soon as they are written either
 * way; what it bounds is how long stopping a consumer takes, since kafkajs waits out the fetch in flight (its 5 s
 * default made every coordinator close and service stop take seconds per consumer).
 */
export const TEST_KAFKA_MAX_WAIT_MS = 100;
