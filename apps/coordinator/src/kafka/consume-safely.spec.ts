import { Logger } from '@nestjs/common';
import { KafkaContext } from '@nestjs/microservices';
import { ProtocolError, ProtocolErrorCode } from '@lethe/deletion-sdk/protocol';
import { consumeSafely } from './consume-safely';
import { KafkaConnection } from './kafka-connection';
import { PartitionRetries } from './partition-retries';

const TOPIC = 'it.lethe.registry';

function contextAt(offset: string) {
  const consumer = {
    commitOffsets: jest.fn(async () => undefined),
    seek: jest.fn(),
    pause: jest.fn(),
    resume: jest.fn(),
  };
  const context = {
    getTopic: () => TOPIC,
    getPartition: () => 2,
    getMessage: () => ({ offset, key: Buffer.from('accounts'), value: Buffer.from('{}'), headers: {} }),
    getConsumer: () => consumer,
  } as unknown as KafkaContext;
  return { context, consumer };
}

function run(
  context: KafkaContext,
  handle: () => Promise<void>,
  retries = new PartitionRetries(),
  send = jest.fn(async () => undefined),
) {
  const recordDeadLetter = jest.fn();
  const logger = { error: jest.fn(), warn: jest.fn() } as unknown as Logger;
  const done = consumeSafely(
    { send } as unknown as KafkaConnection,
    context,
    logger,
    handle,
    { recordDeadLetter },
    retries,
  );
  return { done, send, recordDeadLetter, logger };
}

describe(consumeSafely.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('commits the offset after the message it handled', async () => {
    const { context, consumer } = contextAt('7');
    const { done, send } = run(context, async () => undefined);
    await done;
    expect(consumer.commitOffsets).toHaveBeenCalledWith([{ topic: TOPIC, partition: 2, offset: '8' }]);
    expect(send).not.toHaveBeenCalled();
    expect(consumer.seek).not.toHaveBeenCalled();
  });

  it('dead-letters a message that can never be valid, counts it, and commits past it', async () => {
    const { context, consumer } = contextAt('7');
    const { done, send, recordDeadLetter } = run(context, async () => {
      throw new ProtocolError(ProtocolErrorCode.SchemaViolation, 'identityTypes must be an array');
    });
    await done;
    expect(send).toHaveBeenCalledWith(`${TOPIC}.dlq`, [expect.anything()]);
    expect(recordDeadLetter).toHaveBeenCalledWith(TOPIC, 'SCHEMA_VIOLATION');
    expect(consumer.commitOffsets).toHaveBeenCalledWith([{ topic: TOPIC, partition: 2, offset: '8' }]);
  });

  it('dead-letters one PostgreSQL refuses for good as LEDGER_REFUSED, without quoting the database', async () => {
    const { context, consumer } = contextAt('7');
    const { done, send, recordDeadLetter } = run(context, async () => {
      throw Object.assign(new Error('invalid input syntax: "ada@example.org"'), { code: '22P02' });
    });
    await done;
    expect(recordDeadLetter).toHaveBeenCalledWith(TOPIC, 'LEDGER_REFUSED');
    const [[, [record]]] = send.mock.calls as unknown as [[string, { value: unknown }[]]];
    expect(JSON.stringify(record)).not.toContain('ada@example.org');
    expect(consumer.commitOffsets).toHaveBeenCalledTimes(1);
  });

  it('on a passing failure commits nothing, pauses the partition and reads it again from that message', async () => {
    const { context, consumer } = contextAt('7');
    const { done, send, logger } = run(context, async () => {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    });
    await done;
    expect(consumer.commitOffsets).not.toHaveBeenCalled();
    expect(send).not.toHaveBeenCalled();
    expect(consumer.pause).toHaveBeenCalledWith([{ topic: TOPIC, partitions: [2] }]);
    expect(consumer.seek).toHaveBeenCalledWith({ topic: TOPIC, partition: 2, offset: '7' });
    expect(logger.error).toHaveBeenCalledWith(expect.stringContaining('retrying from there in 500 ms'));
    expect(consumer.resume).not.toHaveBeenCalled();
    jest.advanceTimersByTime(500);
    expect(consumer.resume).toHaveBeenCalledWith([{ topic: TOPIC, partitions: [2] }]);
  });

  it('does not throw from its resume timer when the consumer has stopped meanwhile (a shutdown)', async () => {
    const { context, consumer } = contextAt('7');
    consumer.resume.mockImplementation(() => {
      throw new Error('Consumer group was not initialized, consumer#run must be called first');
    });
    const { done, logger } = run(context, async () => {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    });
    await done;
    expect(() => jest.advanceTimersByTime(500)).not.toThrow();
    expect(consumer.resume).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('could not resume it.lethe.registry[2]'),
    );
  });

  it('doubles the pause while the partition keeps failing, and starts again at the shortest once it moves on', async () => {
    const retries = new PartitionRetries();
    const failing = async () => {
      throw Object.assign(new Error('Connection terminated unexpectedly'), { code: undefined });
    };
    const pauses: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const { done, logger } = run(contextAt('7').context, failing, retries);
      await done;
      pauses.push(String((logger.error as jest.Mock).mock.calls[0][0]).replace(/.* in /, ''));
    }
    expect(pauses).toEqual(['500 ms', '1000 ms', '2000 ms']);

    await run(contextAt('7').context, async () => undefined, retries).done;
    const { done, logger } = run(contextAt('8').context, failing, retries);
    await done;
    expect((logger.error as jest.Mock).mock.calls[0][0]).toContain('in 500 ms');
    retries.clear();
  });
});
