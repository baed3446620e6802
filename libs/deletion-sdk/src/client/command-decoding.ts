import { decodeMessage } from '../protocol/codec';
import type { ErasureCommand } from '../protocol/messages';
import { ProtocolError, ProtocolErrorCode } from '../protocol/protocol.errors';
import type { MessageHeaders, SecretLookup } from '../protocol/signing';
import { parseErasureCommand } from '../protocol/validation';
import { CommandRejectionCode } from '../core/command-admission';

export type DecodedCommand = { ok: true; command: ErasureCommand } | { ok: false; reason: string };

/**
 * Turns a consumed message into a trusted command, or into the reason it goes to the dead-letter topic
 * (`<CODE>: <detail>`). Only ProtocolErrors become reasons; anything else is a bug and propagates.
 */
export function decodeCommand(
  value: Buffer | null,
  headers: MessageHeaders | undefined,
  service: string,
  secrets: SecretLookup,
): DecodedCommand {
  try {
    return { ok: true, command: decodeMessage(value, headers, secrets, parseErasureCommand) };
  } catch (err) {
    if (!(err instanceof ProtocolError)) throw err;
    // A service holds only its own keys, so a command addressed to another service fails as "unknown key";
    // name the real problem for whoever reads the dead-letter topic.
    const claimed = err.code === ProtocolErrorCode.UnknownSigningKey ? claimedService(value) : undefined;
    if (claimed !== undefined && claimed !== service) {
      return {
        ok: false,
        reason: `${CommandRejectionCode.WrongService}: command is for service "${claimed}", this is "${service}"`,
      };
    }
    return { ok: false, reason: `${err.code}: ${err.message}` };
  }
}

function claimedService(value: Buffer | null): string | undefined {
  try {
    const body = JSON.parse(value?.toString('utf8') ?? 'null') as { service?: unknown } | null;
    return typeof body?.service === 'string' ? body.service : undefined;
  } catch {
    return undefined;
  }
}
