import {
  decodeMessage,
  ErasureResult,
  MessageVerifier,
  parseErasureResult,
  parseServiceAnnouncement,
  ReceivedMessage,
  ServiceAnnouncement,
} from '@lethe/deletion-sdk/protocol';
import { announcementLedgerProblems, assertFitsLedger, resultLedgerProblems } from './ledger-fit';

/** A consumed result, verified, schema-checked and fit for the ledger; otherwise a ProtocolError. */
export function decodeResult(received: ReceivedMessage, verifier: MessageVerifier): ErasureResult {
  const result = decodeMessage(received, verifier, parseErasureResult);
  assertFitsLedger('erasure.result', resultLedgerProblems(result));
  return result;
}

/** A consumed announcement, verified, schema-checked and fit for the ledger; otherwise a ProtocolError. */
export function decodeAnnouncement(
  received: ReceivedMessage,
  verifier: MessageVerifier,
): ServiceAnnouncement {
  const announcement = decodeMessage(received, verifier, parseServiceAnnouncement);
  assertFitsLedger('service.announce', announcementLedgerProblems(announcement));
  return announcement;
}
