import { EachMessagePayload } from 'kafkajs';
import { Clock } from '../common/clock';
import { CoordinatorConfig } from '../config/coordinator-config';
import { KeyRing } from '../crypto/key-ring';
import { KafkaConnection } from '../kafka/kafka-connection';
import { MetricsService } from '../metrics/metrics.service';
import { VerificationResultConsumer } from './verification-result.consumer';
import { VerificationRepository } from './verification.repository';

const NOW = new Date('2027-03-01T12:00:00.000Z');
const TOPIC = 'it.lethe.erasure.verifications';

function consumerWith() {
  const send = jest.fn(async () => undefined);
  const recordVerdict = jest.fn();
  const recordDeadLetter = jest.fn();
  const consumer = new VerificationResultConsumer(
    { send } as unknown as KafkaConnection,
    { serviceMessageVerifier: { verify: () => true } } as unknown as KeyRing,
    { recordVerdict } as unknown as VerificationRepository,
    { recordDeadLetter } as unknown as MetricsService,
    {} as CoordinatorConfig,
    { now: () => NOW } as Clock,
  );
  return { consumer, send, recordVerdict, recordDeadLetter };
}

describe(VerificationResultConsumer.name, () => {
  it('dead-letters a message that can never be valid, with its origin and reason but never its value', async () => {
    const { consumer, send, recordVerdict, recordDeadLetter } = consumerWith();
    const value = Buffer.from('{"not":"a verification","email":"ada@example.org"}');
    await consumer.handle({
      topic: TOPIC,
      partition: 0,
      message: { offset: '41', key: Buffer.from('request-1'), value, headers: {} },
    } as unknown as EachMessagePayload);

    expect(recordVerdict).not.toHaveBeenCalled();
    expect(send).toHaveBeenCalledTimes(1);
    const [[dlq, [record]]] = send.mock.calls as unknown as [[string, { value: string }[]]];
    expect(dlq).toBe(`${TOPIC}.dlq`);
    const envelope = JSON.parse(String(record.value)) as Record<string, unknown>;
    expect(envelope).toMatchObject({
      type: 'dead_letter',
      source: { topic: TOPIC, partition: 0, offset: '41' },
    });
    expect(String(record.value)).not.toContain('ada@example.org');
    expect(recordDeadLetter).toHaveBeenCalledWith(TOPIC, expect.any(String));
  });
});
