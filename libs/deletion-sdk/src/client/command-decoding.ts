import { decodeMessage, ReceivedMessage } from '../protocol/codec';
import type { DeadLetterReason } from '../protocol/dead-letter';
import type { ErasureCommand } from '../protocol/messages';
import { ProtocolError } from '../protocol/protocol.errors';
import type { MessageVerifier } from '../protocol/signing';
import { parseErasureCommand } from '../protocol/validation';
import type { VerificationCommand } from '../protocol/verification-messages';
import { parseVerificationCommand } from '../protocol/verification-validation';

/** What the coordinator sends on a command topic: an erasure, or a later check that the erasure held. */
export type IncomingCommand = ErasureCommand | VerificationCommand;

export type DecodedCommand = { ok: true; command: IncomingCommand } | { ok: false; reason: DeadLetterReason };

/** Picks the schema by the claimed type; an unknown type fails the erasure command's schema, naming the field. */
function parseIncomingCommand(body: unknown): IncomingCommand {
  const type = (body as { type?: unknown } | null)?.type;
  return type === 'erasure.verify' ? parseVerificationCommand(body) : parseErasureCommand(body);
}

/**
 * Turns a consumed message into a trusted command — signed by the coordinator's command key over this topic, this
 * key and these bytes — or into the reason it goes to the dead-letter topic. Only ProtocolErrors become reasons;
 * anything else is a bug and propagates. Which service the command is for is checked afterwards, by admission.
 */
export function decodeCommand(received: ReceivedMessage, verifier: MessageVerifier): DecodedCommand {
  try {
    return { ok: true, command: decodeMessage<IncomingCommand>(received, verifier, parseIncomingCommand) };
  } catch (err) {
    if (!(err instanceof ProtocolError)) throw err;
    return { ok: false, reason: { code: err.code, message: err.message } };
  }
}
