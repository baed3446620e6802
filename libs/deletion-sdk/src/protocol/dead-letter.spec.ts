import { createHash } from 'node:crypto';
import { aCommand, aResult } from '../../test/factories/protocol-messages.factory';
import {
  buildDeadLetter,
  DeadLetterEnvelope,
  DeadLetterSource,
  DLQ_AT_HEADER,
  DLQ_CODE_HEADER,
  DLQ_REASON_HEADER,
  DLQ_SOURCE_HEADER,
} from './dead-letter';
import { KEY_ID_HEADER, SIGNATURE_HEADER, TRACEPARENT_HEADER } from './signing';

const now = new Date('2025-03-01T10:00:00.000Z');
const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
const identities = [
  { type: 'email' as const, value: 'Ada.Lovelace@Example.org' },
  { type: 'phone' as const, value: '+442071838750' },
  { type: 'user_id' as const, value: 'u-8812' },
];
const command = aCommand({ subject: { identities } });

function source(overrides: Partial<DeadLetterSource> = {}): DeadLetterSource {
  return {
    topic: 'lethe.erasure.commands.accounts',
    partition: 2,
    offset: '12',
    key: Buffer.from('req-1'),
    value: Buffer.from(JSON.stringify(command)),
    headers: {
      [SIGNATURE_HEADER]: Buffer.from('sha256=00'),
      [KEY_ID_HEADER]: 'k1',
      [TRACEPARENT_HEADER]: TRACEPARENT,
    },
    ...overrides,
  };
}

const envelopeOf = (record: { value: Buffer }) => JSON.parse(record.value.toString()) as DeadLetterEnvelope;

/** Every byte the dead letter would put on Kafka: key, value and headers. */
const everything = (record: ReturnType<typeof buildDeadLetter>) =>
  [record.key ?? '', record.value.toString(), ...Object.entries(record.headers).flat()]
    .join('\n')
    .toLowerCase();

describe(buildDeadLetter.name, () => {
  it('keeps where the message was, what it claimed to be and why, and a hash of its value', () => {
    const original = source();
    const record = buildDeadLetter(original, { code: 'STALE_COMMAND', message: 'issued too long ago' }, now);
    expect(record.key).toBe('req-1');
    expect(envelopeOf(record)).toEqual({
      v: 1,
      type: 'dead_letter',
      source: { topic: 'lethe.erasure.commands.accounts', partition: 2, offset: '12', key: 'req-1' },
      reason: { code: 'STALE_COMMAND', message: 'issued too long ago' },
      original: {
        bytes: original.value!.length,
        sha256: createHash('sha256').update(original.value!).digest('hex'),
        type: 'erasure.command',
        id: 'cmd-1',
        requestId: 'req-1',
        taskId: 'task-1',
        service: 'accounts',
        attempt: 1,
      },
      at: '2025-03-01T10:00:00.000Z',
    });
    expect(record.headers).toEqual({
      [DLQ_REASON_HEADER]: 'STALE_COMMAND: issued too long ago',
      [DLQ_CODE_HEADER]: 'STALE_COMMAND',
      [DLQ_SOURCE_HEADER]: 'lethe.erasure.commands.accounts:2:12',
      [DLQ_AT_HEADER]: '2025-03-01T10:00:00.000Z',
      [TRACEPARENT_HEADER]: TRACEPARENT,
    });
  });

  it('never carries an identity of the command, in any form, anywhere', () => {
    const record = buildDeadLetter(source(), { code: 'BAD_SIGNATURE', message: 'x' }, now);
    for (const { value } of identities) expect(everything(record)).not.toContain(value.toLowerCase());
    expect(everything(record)).not.toContain('lovelace');
  });

  it('drops metadata fields and keys that hold an identity, and redacts identities from the reason', () => {
    const hostile = {
      ...command,
      id: 'u-8812',
      requestId: 'Ada.Lovelace@Example.org',
      taskId: 'task-for-u-8812',
      service: '+442071838750',
    };
    const record = buildDeadLetter(
      source({ key: 'Ada.Lovelace@Example.org', value: Buffer.from(JSON.stringify(hostile)) }),
      { code: 'SCHEMA_VIOLATION', message: 'bad value u-8812 / ada.lovelace@example.org / +44 20 7183 8750' },
      now,
    );
    const envelope = envelopeOf(record);
    expect(envelope.original).not.toHaveProperty('id');
    expect(envelope.original).not.toHaveProperty('requestId');
    expect(envelope.original).not.toHaveProperty('taskId');
    expect(envelope.original).not.toHaveProperty('service');
    expect(record.key).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(envelope.reason.message).toBe('bad value [redacted] / [redacted] / [redacted]');
    for (const { value } of identities) expect(everything(record)).not.toContain(value.toLowerCase());
  });

  it('drops a result’s free text (retention notes, error messages), which services may fill with anything', () => {
    const result = aResult({
      outcome: 'failed',
      recordsAffected: 0,
      error: { code: 'DB', message: 'duplicate key (email)=(grace@example.org)', retriable: true },
    });
    const record = buildDeadLetter(
      source({ topic: 'lethe.erasure.results', value: Buffer.from(JSON.stringify(result)) }),
      { code: 'BAD_SIGNATURE', message: 'signature does not match for accounts' },
      now,
    );
    expect(everything(record)).not.toContain('grace');
    expect(envelopeOf(record).original).toMatchObject({ type: 'erasure.result', id: 'res-1' });
  });

  it('masks email- and phone-shaped text in a reason even when the body could not be read', () => {
    const garbled = Buffer.from('{"subject": not json grace@example.org');
    const record = buildDeadLetter(
      source({ value: garbled }),
      { code: 'MALFORMED_JSON', message: 'near grace@example.org and +1 202 555 0143' },
      now,
    );
    expect(envelopeOf(record).reason.message).toBe('near [redacted] and [redacted]');
    expect(everything(record)).not.toContain('grace');
    expect(envelopeOf(record).original).toEqual({
      bytes: garbled.length,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('replaces a very short identity only where it stands alone', () => {
    const short = aCommand({ subject: { identities: [{ type: 'user_id', value: '7' }] } });
    const record = buildDeadLetter(
      source({ value: Buffer.from(JSON.stringify(short)) }),
      { code: 'X', message: 'user 7 at attempt 17' },
      now,
    );
    expect(envelopeOf(record).reason.message).toBe('user [redacted] at attempt 17');
  });

  it('copies none of the original headers but a well-formed traceparent', () => {
    const record = buildDeadLetter(
      source({ headers: { [TRACEPARENT_HEADER]: 'ada@example.org', other: 'x' } }),
      { code: 'X', message: 'y' },
      now,
    );
    expect(Object.keys(record.headers).sort()).toEqual(
      [DLQ_AT_HEADER, DLQ_CODE_HEADER, DLQ_REASON_HEADER, DLQ_SOURCE_HEADER].sort(),
    );
  });

  it('handles a message without key or value', () => {
    const record = buildDeadLetter(
      source({ key: null, value: null }),
      { code: 'MALFORMED_JSON', message: 'm' },
      now,
    );
    expect(record.key).toBeNull();
    expect(envelopeOf(record)).toMatchObject({ source: { key: null }, original: { bytes: 0, sha256: null } });
  });

  it('bounds the reason', () => {
    const record = buildDeadLetter(source(), { code: 'X', message: 'r'.repeat(5000) }, now);
    expect(envelopeOf(record).reason.message).toHaveLength(1000);
    expect(record.headers[DLQ_REASON_HEADER]).toHaveLength(1000);
  });

  it('keeps only a code that is a plain token', () => {
    const record = buildDeadLetter(source(), { code: 'ada@example.org', message: 'm' }, now);
    expect(record.headers[DLQ_CODE_HEADER]).toBe('UNKNOWN');
  });
});
