import { decodeMessage, ReceivedMessage } from '../protocol/codec';
import type { DeadLetterReason } from '../protocol/dead-letter';
import type { ErasureCommand } from '../protocol/messages';
import { ProtocolError } from '../protocol/protocol.errors';
import type { MessageVerifier } from '../protocol/signing';
import { parseErasureCommand } from '../protocol/validation';

export type DecodedCommand = { ok: true; command: ErasureCommand } | { ok: false; reason: DeadLetterReason };

/**
 * Turns a consumed message into a trusted command — signed by the coordinator's command key over this topic, this
 * key and these bytes — or into the reason it goes to the dead-letter topic. Only ProtocolErrors become reasons;
 * anything else is a bug and propagates. Which service the command is for is checked afterwards, by admission.
 */
export function decodeCommand(received: ReceivedMessage, verifier: MessageVerifier): DecodedCommand {
  try {
    return { ok: true, command: decodeMessage(received, verifier, parseErasureCommand) };
  } catch (err) {
    if (!(err instanceof ProtocolError)) throw err;
    return { ok: false, reason: { code: err.code, message: err.message } };
  }
}
