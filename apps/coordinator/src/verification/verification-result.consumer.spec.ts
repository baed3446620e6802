import { EachMessagePayload } from 'kafkajs';
import { aVerificationResult } from '../../../../libs/deletion-sdk/test/factories/protocol-messages.factory';
import { Clock } from '../common/clock';
import { CoordinatorConfig } from '../config/coordinator-config';
import { KeyRing } from '../crypto/key-ring';
import { KafkaConnection } from '../kafka/kafka-connection';
import { MetricsService } from '../metrics/metrics.service';
import { VerificationResultConsumer } from './verification-result.consumer';
import { VerificationRepository } from './verification.repository';

const NOW = new Date('2027-03-01T12:00:00.000Z');
const TOPIC = 'it.lethe.erasure.verifications';
const validAnswer = () => Buffer.from(JSON.stringify(aVerificationResult()));

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

  it('dead-letters an answer PostgreSQL will never store, and commits past it', async () => {
    const { consumer, send, recordVerdict, recordDeadLetter } = consumerWith();
    const commitOffsets = jest.fn(async () => undefined);
    Object.assign(consumer, { consumer: { commitOffsets, seek: jest.fn() } });
    recordVerdict.mockRejectedValue(Object.assign(new Error('value out of range'), { code: '22003' }));
    const pause = jest.fn(() => () => undefined);
    await consumer.handle({
      topic: TOPIC,
      partition: 2,
      message: { offset: '7', key: Buffer.from('request-1'), value: validAnswer(), headers: {} },
      pause,
    } as unknown as EachMessagePayload);

    expect(pause).not.toHaveBeenCalled();
    expect(send).toHaveBeenCalledTimes(1);
    expect(recordDeadLetter).toHaveBeenCalledWith(TOPIC, 'LEDGER_REFUSED');
    expect(commitOffsets).toHaveBeenCalledWith([{ topic: TOPIC, partition: 2, offset: '8' }]);
  });

  it('pauses and seeks back on a passing failure, commits nothing, and resumes after the back-off', async () => {
    jest.useFakeTimers();
    try {
      const { consumer, send, recordVerdict } = consumerWith();
      const commitOffsets = jest.fn(async () => undefined);
      const seek = jest.fn();
      Object.assign(consumer, { consumer: { commitOffsets, seek } });
      recordVerdict.mockRejectedValue(
        Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      );
      const resume = jest.fn();
      const pause = jest.fn(() => resume);
      const payload = {
        topic: TOPIC,
        partition: 1,
        message: { offset: '12', key: Buffer.from('request-1'), value: validAnswer(), headers: {} },
        pause,
      } as unknown as EachMessagePayload;

      await consumer.handle(payload);
      expect(pause).toHaveBeenCalledTimes(1);
      expect(seek).toHaveBeenCalledWith({ topic: TOPIC, partition: 1, offset: '12' });
      expect(commitOffsets).not.toHaveBeenCalled();
      expect(send).not.toHaveBeenCalled();
      jest.advanceTimersByTime(499);
      expect(resume).not.toHaveBeenCalled();
      jest.advanceTimersByTime(1);
      expect(resume).toHaveBeenCalledTimes(1);

      // the second failure in a row waits twice as long
      await consumer.handle(payload);
      jest.advanceTimersByTime(999);
      expect(resume).toHaveBeenCalledTimes(1);
      jest.advanceTimersByTime(1);
      expect(resume).toHaveBeenCalledTimes(2);
    } finally {
      jest.useRealTimers();
    }
  });
});
