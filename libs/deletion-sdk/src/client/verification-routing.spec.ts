import { FakeKafka } from '../../test/fake-kafka';
import { aVerificationCommand } from '../../test/factories/protocol-messages.factory';
import { encodeMessage } from '../protocol/codec';
import { commandSigner, commandPublicKey, commandSigningKeyFromSeed } from '../protocol/command-signing';
import { deriveServiceSecret, serviceVerifier } from '../protocol/service-signing';
import { headerValue } from '../protocol/signing';
import type { VerificationCommand } from '../protocol/verification-messages';
import { parseVerificationResult } from '../protocol/verification-validation';
import { DeletionClientErrorCode } from '../core/deletion-client.error';
import { notFound } from '../core/handler-outcome';
import { silentLogger } from '../core/sdk-logger';
import { absent, present } from '../core/verify-handler';
import { DeletionClient } from './deletion-client';

const key1 = { id: 'k1', secret: deriveServiceSecret('master-key-for-unit-tests', 'accounts', 'k1') };
const coordinatorKey = commandSigningKeyFromSeed('k1', Buffer.alloc(32, 1));
const TOPIC = 'lethe.erasure.commands.accounts';
const VERIFICATIONS = 'lethe.erasure.verifications';

function setup() {
  const kafka = new FakeKafka();
  const client = new DeletionClient({
    service: 'accounts',
    kafka: kafka.asKafka(),
    signingKey: key1,
    commandVerificationKeys: [{ id: 'k1', publicKey: commandPublicKey(coordinatorKey).raw }],
    identityTypes: ['email'],
    dataCategories: ['account'],
    logger: silentLogger,
  });
  const erased: string[] = [];
  client.onErasure('pg', (ctx) => {
    erased.push(ctx.requestId);
    return notFound();
  });
  return { kafka, client, erased };
}

function signed(command: VerificationCommand) {
  const { value, headers } = encodeMessage(
    command,
    { topic: TOPIC, key: command.requestId },
    commandSigner(coordinatorKey),
  );
  return { value, headers, key: Buffer.from(command.requestId) };
}

const fresh = (overrides: Partial<VerificationCommand> = {}) =>
  aVerificationCommand({ issuedAt: new Date().toISOString(), ...overrides });

function verdicts(kafka: FakeKafka) {
  return kafka
    .sends(VERIFICATIONS)
    .flatMap((send) => send.messages)
    .map((message) => ({ message, result: parseVerificationResult(JSON.parse(String(message.value))) }));
}

describe('DeletionClient verification commands', () => {
  it('routes erasure.verify to the verify handlers, never to the erasure handlers, and answers on the verifications topic', async () => {
    const { kafka, client, erased } = setup();
    client.onVerify('users', (ctx) =>
      ctx.valuesOf('email').includes('ada@example.org') ? present(2) : absent(),
    );
    client.onVerify('profiles', () => absent());
    await client.start();
    const command = fresh();
    await kafka.deliver({ ...signed(command), offset: '7' });

    expect(erased).toEqual([]);
    expect(kafka.sends('lethe.erasure.results')).toEqual([]);
    const [{ message, result }] = verdicts(kafka);
    expect(message.key).toBe(command.requestId);
    expect(result).toMatchObject({
      id: command.id,
      requestId: command.requestId,
      service: 'accounts',
      verdict: 'present',
      findings: [{ store: 'users', records: 2 }],
    });
    // HMAC-signed by the service over the verifications topic, like a result.
    const lookup = (id: string, service: string) =>
      id === 'k1' && service === 'accounts' ? key1.secret : undefined;
    expect(() =>
      serviceVerifier(lookup).verify(
        { topic: VERIFICATIONS, key: message.key as string, value: message.value as Buffer },
        message.headers as Record<string, string>,
        'accounts',
      ),
    ).not.toThrow();
    expect(kafka.commits()).toEqual([{ kind: 'commit', topic: TOPIC, partition: 0, offset: '8' }]);
    await client.stop();
  });

  it('answers failed with NO_VERIFY_HANDLER when the service registered no verify handler', async () => {
    const { kafka, client } = setup();
    await client.start();
    await kafka.deliver(signed(fresh()));
    const [{ result }] = verdicts(kafka);
    expect(result).toMatchObject({ verdict: 'failed', error: { code: 'NO_VERIFY_HANDLER' } });
    await client.stop();
  });

  it('answers failed, never absent, when a store cannot be checked, without the identity in the message', async () => {
    const { kafka, client } = setup();
    client.onVerify('users', () => absent());
    client.onVerify('search', () => {
      throw new Error('index unavailable while looking up ada@example.org');
    });
    await client.start();
    await kafka.deliver(signed(fresh()));
    const [{ result }] = verdicts(kafka);
    expect(result.verdict).toBe('failed');
    expect(result.error?.code).toBe('VERIFY_HANDLER_FAILED');
    expect(result.error?.message).toContain('search: index unavailable');
    expect(result.error?.message).not.toContain('ada@example.org');
    await client.stop();
  });

  it('dead-letters a verification for another service or an old one, and answers nothing', async () => {
    const { kafka, client } = setup();
    client.onVerify('users', () => absent());
    await client.start();
    await kafka.deliver(signed(fresh({ service: 'orders' })));
    await kafka.deliver(signed(fresh({ issuedAt: '2020-01-01T00:00:00.000Z' })));
    expect(verdicts(kafka)).toEqual([]);
    const reasons = kafka
      .sends(`${TOPIC}.dlq`)
      .flatMap((send) => send.messages)
      .map((message) => headerValue(message.headers, 'lethe-dlq-code'));
    expect(reasons).toEqual(['WRONG_SERVICE', 'STALE_COMMAND']);
    await client.stop();
  });

  it('refuses verify handlers while running and duplicate names', async () => {
    const { client } = setup();
    client.onVerify('users', () => absent());
    expect(() => client.onVerify('users', () => absent())).toThrow('a verify handler named "users"');
    await client.start();
    expect(() => client.onVerify('late', () => absent())).toThrow(
      expect.objectContaining({ code: DeletionClientErrorCode.InvalidState }),
    );
    expect([...client.verifyHandlers().keys()]).toEqual(['users']);
    await client.stop();
  });
});
