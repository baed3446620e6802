import { ErasureCommand, parseErasureCommand, SubjectIdentity } from '@lethe/deletion-sdk';
import { buildErasureCommand, DispatchRow } from './command-builder';

const row: DispatchRow = {
  commandId: '0b6d1b52-3f0e-4a57-9d3c-6f1e2a7b8c90',
  attempt: 2,
  taskId: '5e3c9a1d-2b4f-4c6e-8a0b-1d2e3f4a5b6c',
  service: 'accounts',
  requestId: '7d3f2c1e-5b7a-4f7e-9a53-2b1f0c9d8e01',
  dueAt: new Date('2027-02-15T09:30:00.000Z'),
};

const identities: SubjectIdentity[] = [
  { type: 'email', value: 'alice@example.org' },
  { type: 'phone', value: '+442071838750' },
];

const ISSUED_AT = new Date('2027-01-20T12:00:00.123Z');

describe(buildErasureCommand.name, () => {
  it('builds a command that the SDK accepts', () => {
    const command = buildErasureCommand(row, identities, ISSUED_AT);
    expect(() => parseErasureCommand(command)).not.toThrow();
    expect(parseErasureCommand(JSON.parse(JSON.stringify(command)))).toEqual(command);
  });

  it('carries the dispatch row, timestamps as ISO-8601, and the identities', () => {
    expect(buildErasureCommand(row, identities, ISSUED_AT)).toEqual<ErasureCommand>({
      v: 1,
      type: 'erasure.command',
      id: row.commandId,
      requestId: row.requestId,
      taskId: row.taskId,
      service: 'accounts',
      attempt: 2,
      issuedAt: '2027-01-20T12:00:00.123Z',
      dueAt: '2027-02-15T09:30:00.000Z',
      dryRun: false,
      subject: { identities },
    });
  });

  it('is a real run unless a dry run is asked for', () => {
    expect(buildErasureCommand(row, identities, ISSUED_AT).dryRun).toBe(false);
    const dryRun = buildErasureCommand(row, identities, ISSUED_AT, true);
    expect(dryRun.dryRun).toBe(true);
    expect(() => parseErasureCommand(dryRun)).not.toThrow();
  });

  it('copies only protocol fields, so extra columns of the claimed row never reach a service', () => {
    const claimed = {
      ...row,
      outboxId: 'outbox-1',
      taskStatus: 'pending',
      sealedIdentities: Buffer.from('x'),
    };
    const command = buildErasureCommand(claimed, identities, ISSUED_AT);
    expect(Object.keys(command).sort()).toEqual(
      [
        'attempt',
        'dryRun',
        'dueAt',
        'id',
        'issuedAt',
        'requestId',
        'service',
        'subject',
        'taskId',
        'type',
        'v',
      ].sort(),
    );
    expect(() => parseErasureCommand(command)).not.toThrow();
  });

  it('accepts every identity the normaliser can produce', () => {
    const all: SubjectIdentity[] = [
      { type: 'email', value: 'alice@example.org' },
      { type: 'user_id', value: 'User-42' },
      { type: 'phone', value: '+14155550123' },
      { type: 'ios_advertising_id', value: 'aebe52e7-03ee-455a-b3c4-e57283966239' },
      { type: 'controller_customer_id', value: 'C-998877' },
    ];
    expect(() => parseErasureCommand(buildErasureCommand(row, all, ISSUED_AT))).not.toThrow();
  });
});
