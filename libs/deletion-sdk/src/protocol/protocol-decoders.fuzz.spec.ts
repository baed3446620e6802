import fc from 'fast-check';
import { fuzzRuns, fuzzSeed } from '../../../../test/fuzz/fuzz-settings';
import {
  aCommand,
  anAnnouncement,
  aResult,
  asLoose,
  aVerificationCommand,
  aVerificationResult,
} from '../../test/factories/protocol-messages.factory';
import { decodeCommand } from '../client/command-decoding';
import { decodeMessage } from './codec';
import { LetheMessage } from './messages';
import { ProtocolError, ProtocolErrorCode } from './protocol.errors';
import { Check, validate } from './schema';
import {
  commandPublicKey,
  commandSigner,
  commandSigningKeyFromSeed,
  commandVerifier,
} from './command-signing';
import { SecretLookup, serviceSigner, serviceVerifier } from './service-signing';
import { KEY_ID_HEADER, MessageHeaders, MessageVerifier, SIGNATURE_HEADER } from './signing';
import {
  erasureCommandSchema,
  erasureResultSchema,
  parseErasureCommand,
  parseErasureResult,
  parseServiceAnnouncement,
  serviceAnnouncementSchema,
} from './validation';
import {
  parseVerificationCommand,
  parseVerificationResult,
  verificationCommandSchema,
  verificationResultSchema,
} from './verification-validation';

/**
 * Bad-input suite of the wire protocol: whatever bytes, headers or JSON arrive, a decoder either returns a
 * message its schema accepts or throws a ProtocolError (which the consumer dead-letters) — never anything else,
 * which would crash or stall a consumer.
 */
const seed = fuzzSeed('protocol decoders');
const options = (runs: number) => ({ seed, numRuns: fuzzRuns(runs) });

const SECRET = 'fuzz-secret-0123456789';
const TOPIC = 'lethe.fuzz';
const KEY = 'request-1';
const anyServiceLookup: SecretLookup = (keyId) => (keyId === 'k1' ? SECRET : undefined);
const anyService: MessageVerifier = serviceVerifier(anyServiceLookup);
const signed = (value: Buffer): MessageHeaders =>
  serviceSigner({ id: 'k1', secret: SECRET }).sign({ topic: TOPIC, key: KEY, value });
/** Decodes as a consumer of TOPIC does, with the key every signed fixture was signed under. */
const received = (value: Buffer, headers: MessageHeaders | undefined) => ({
  topic: TOPIC,
  key: KEY,
  value,
  headers,
});

const DECODERS: [string, (body: unknown) => LetheMessage, Check, LetheMessage][] = [
  ['erasure.command', parseErasureCommand, erasureCommandSchema, aCommand()],
  ['erasure.result', parseErasureResult, erasureResultSchema, aResult()],
  ['service.announce', parseServiceAnnouncement, serviceAnnouncementSchema, anAnnouncement()],
  ['erasure.verify', parseVerificationCommand, verificationCommandSchema, aVerificationCommand()],
  ['erasure.verify_result', parseVerificationResult, verificationResultSchema, aVerificationResult()],
];

/** Runs a decoder; a ProtocolError is an answer (its code), anything else escapes and fails the property. */
function outcome(run: () => unknown): 'ok' | ProtocolErrorCode {
  try {
    run();
    return 'ok';
  } catch (error) {
    if (error instanceof ProtocolError) return error.code;
    throw error;
  }
}

const headerValue = fc.oneof(
  fc.string(),
  fc.uint8Array({ maxLength: 80 }).map((bytes) => Buffer.from(bytes)),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.constant(undefined),
);
const headers: fc.Arbitrary<MessageHeaders> = fc.oneof(
  fc.dictionary(fc.constantFrom(KEY_ID_HEADER, SIGNATURE_HEADER, 'traceparent', 'x'), headerValue),
  fc.constant({ [KEY_ID_HEADER]: 'k1', [SIGNATURE_HEADER]: 'sha256=00' }),
);

/** A valid message with one field replaced by any JSON value, removed, or an unknown field added. */
function mutated(base: LetheMessage): fc.Arbitrary<unknown> {
  const loose = asLoose(base);
  const keys = Object.keys(loose);
  return fc.oneof(
    fc.tuple(fc.constantFrom(...keys), fc.jsonValue()).map(([key, value]) => ({ ...loose, [key]: value })),
    fc.constantFrom(...keys).map((key) => {
      const copy = { ...loose };
      delete copy[key];
      return copy;
    }),
    fc.tuple(fc.string(), fc.jsonValue()).map(([key, value]) => ({ ...loose, [key]: value })),
    fc
      .tuple(fc.constantFrom(...keys), fc.string({ unit: 'binary', maxLength: 600 }))
      .map(([key, value]) => ({ ...loose, [key]: value })),
  );
}

describe('bad-input suite: protocol decoders', () => {
  it.each(DECODERS)('decodes arbitrary bytes and headers as %s only to a ProtocolError', (_name, parse) => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), headers, (bytes, given) => {
        const result = outcome(() => decodeMessage(received(Buffer.from(bytes), given), anyService, parse));
        expect(result).not.toBe('ok');
      }),
      options(500),
    );
  });

  it.each(DECODERS)('accepts signed JSON as %s only when its schema does', (_name, parse, schema) => {
    fc.assert(
      fc.property(fc.jsonValue(), (body) => {
        const value = Buffer.from(JSON.stringify(body) ?? 'null');
        const result = outcome(() => decodeMessage(received(value, signed(value)), anyService, parse));
        if (result === 'ok') expect(validate(schema, JSON.parse(value.toString()))).toEqual([]);
        else expect([ProtocolErrorCode.SchemaViolation, ProtocolErrorCode.MalformedJson]).toContain(result);
      }),
      options(500),
    );
  });

  it.each(DECODERS)(
    'decodes a mutated, signed %s to a schema-valid message or a schema violation',
    (_n, parse, schema, base) => {
      fc.assert(
        fc.property(mutated(base), (body) => {
          const value = Buffer.from(JSON.stringify(body));
          let decoded: unknown;
          const result = outcome(() => {
            decoded = decodeMessage(received(value, signed(value)), anyService, parse);
          });
          if (result === 'ok') {
            expect(validate(schema, decoded)).toEqual([]);
            expect(JSON.parse(JSON.stringify(decoded))).toEqual(decoded);
          } else {
            expect(result).toBe(ProtocolErrorCode.SchemaViolation);
          }
        }),
        options(700),
      );
    },
  );

  it.each(DECODERS)(
    'refuses a %s whose bytes or signature were tampered with',
    (_name, parse, _schema, base) => {
      const value = Buffer.from(JSON.stringify(base));
      const good = signed(value);
      fc.assert(
        fc.property(
          fc.nat({ max: value.length - 1 }),
          fc.integer({ min: 1, max: 255 }),
          fc.boolean(),
          (index, flip, inSignature) => {
            const bytes = Buffer.from(value);
            const given = { ...good };
            if (inSignature) {
              const signature = Buffer.from(String(good[SIGNATURE_HEADER]));
              signature[index % signature.length] ^= flip;
              given[SIGNATURE_HEADER] = signature;
            } else {
              bytes[index] ^= flip;
            }
            expect(outcome(() => decodeMessage(received(bytes, given), anyService, parse))).not.toBe('ok');
          },
        ),
        options(300),
      );
    },
  );

  it.each(DECODERS)(
    'parses any JavaScript value as %s only to the message or a ProtocolError',
    (_name, parse, schema) => {
      fc.assert(
        fc.property(
          fc.anything({ withBoxedValues: true, withMap: true, withSet: true, withNullPrototype: true }),
          (body) => {
            let decoded: unknown;
            if (outcome(() => (decoded = parse(body))) === 'ok')
              expect(validate(schema, decoded)).toEqual([]);
          },
        ),
        options(500),
      );
    },
  );

  it('turns any consumed command into a command or a dead-letter reason, and never throws', () => {
    const coordinatorKey = commandSigningKeyFromSeed('k1', Buffer.alloc(32, 7));
    const verifier = commandVerifier([{ id: 'k1', publicKey: commandPublicKey(coordinatorKey).raw }]);
    const signer = commandSigner(coordinatorKey);
    const values = fc.oneof(
      fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
      mutated(aCommand()).map((body) => Buffer.from(JSON.stringify(body))),
      fc.constant(null),
    );
    fc.assert(
      fc.property(values, fc.boolean(), headers, (value, sign, given) => {
        const headersOf = sign && value ? signer.sign({ topic: TOPIC, key: KEY, value }) : given;
        const decoded = decodeCommand({ topic: TOPIC, key: KEY, value, headers: headersOf }, verifier);
        if (decoded.ok) expect(validate(erasureCommandSchema, decoded.command)).toEqual([]);
        else expect(decoded.reason.code).toMatch(/^[A-Z_]+$/);
      }),
      options(800),
    );
  });
});
