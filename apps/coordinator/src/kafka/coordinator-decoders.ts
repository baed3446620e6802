import {
  decodeMessage,
  ErasureResult,
  MessageHeaders,
  parseErasureResult,
  parseServiceAnnouncement,
  SecretLookup,
  ServiceAnnouncement,
} from '@lethe/deletion-sdk';
import { announcementLedgerProblems, assertFitsLedger, resultLedgerProblems } from './ledger-fit';

/** A consumed result, verified, schema-checked and fit for the ledger; otherwise a ProtocolError. */
export function decodeResult(
  value: Buffer | null | undefined,
  headers: MessageHeaders | undefined,
  lookup: SecretLookup,
): ErasureResult {
  const result = decodeMessage(value, headers, lookup, parseErasureResult);
  assertFitsLedger('erasure.result', resultLedgerProblems(result));
  return result;
}

/** A consumed announcement, verified, schema-checked and fit for the ledger; otherwise a ProtocolError. */
export function decodeAnnouncement(
  value: Buffer | null | undefined,
  headers: MessageHeaders | undefined,
  lookup: SecretLookup,
): ServiceAnnouncement {
  const announcement = decodeMessage(value, headers, lookup, parseServiceAnnouncement);
  assertFitsLedger('service.announce', announcementLedgerProblems(announcement));
  return announcement;
}
