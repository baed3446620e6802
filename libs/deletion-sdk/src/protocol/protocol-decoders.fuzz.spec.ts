import fc from 'fast-check';
import { fuzzRuns, fuzzSeed } from '../../../../test/fuzz/fuzz-settings';
import { aCommand, anAnnouncement, aResult, asLoose } from '../../test/factories/protocol-messages.factory';
import { decodeCommand } from '../client/command-decoding';
import { decodeMessage } from './codec';
import { LetheMessage } from './messages';
import { ProtocolError, ProtocolErrorCode } from './protocol.errors';
import { Check, validate } from './schema';
import { KEY_ID_HEADER, MessageHeaders, SecretLookup, SIGNATURE_HEADER, signatureHeaders } from './signing';
import {
  erasureCommandSchema,
  erasureResultSchema,
  parseErasureCommand,
  parseErasureResult,
  parseServiceAnnouncement,
  serviceAnnouncementSchema,
} from './validation';

/**
 * Bad-input suite of the wire protocol: whatever bytes, headers or JSON arrive, a decoder either returns a
 * message its schema accepts or throws a ProtocolError (which the consumer dead-letters) — never anything else,
 * which would crash or stall a consumer.
 */
const seed = fuzzSeed('protocol decoders');
const options = (runs: number) => ({ seed, numRuns: fuzzRuns(runs) });

const SECRET = 'fuzz-secret-0123456789';
const anyServiceLookup: SecretLookup = (keyId) => (keyId === 'k1' ? SECRET : undefined);
const signed = (value: Buffer): MessageHeaders => signatureHeaders(value, { id: 'k1', secret: SECRET });

const DECODERS: [string, (body: unknown) => LetheMessage, Check, LetheMessage][] = [
  ['erasure.command', parseErasureCommand, erasureCommandSchema, aCommand()],
  ['erasure.result', parseErasureResult, erasureResultSchema, aResult()],
  ['service.announce', parseServiceAnnouncement, serviceAnnouncementSchema, anAnnouncement()],
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
        const result = outcome(() => decodeMessage(Buffer.from(bytes), given, anyServiceLookup, parse));
        expect(result).not.toBe('ok');
      }),
      options(500),
    );
  });

  it.each(DECODERS)('accepts signed JSON as %s only when its schema does', (_name, parse, schema) => {
    fc.assert(
      fc.property(fc.jsonValue(), (body) => {
        const value = Buffer.from(JSON.stringify(body) ?? 'null');
        const result = outcome(() => decodeMessage(value, signed(value), anyServiceLookup, parse));
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
            decoded = decodeMessage(value, signed(value), anyServiceLookup, parse);
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
            expect(outcome(() => decodeMessage(bytes, given, anyServiceLookup, parse))).not.toBe('ok');
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
    const lookup: SecretLookup = (keyId, service) =>
      keyId === 'k1' && service === 'accounts' ? SECRET : undefined;
    const values = fc.oneof(
      fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
      mutated(aCommand()).map((body) => Buffer.from(JSON.stringify(body))),
      fc.constant(null),
    );
    fc.assert(
      fc.property(values, fc.boolean(), headers, (value, sign, given) => {
        const decoded = decodeCommand(value, sign && value ? signed(value) : given, 'accounts', lookup);
        if (decoded.ok) expect(validate(erasureCommandSchema, decoded.command)).toEqual([]);
        else expect(decoded.reason).toMatch(/^[A-Z_]+: /);
      }),
      options(800),
    );
  });
});
