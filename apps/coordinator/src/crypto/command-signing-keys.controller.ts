import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator';
import { CommandSigningKeysResponse } from './dto/command-signing-keys.response';
import { KeyRing } from './key-ring';

/**
 * Publishes the coordinator's command-verification keys. Public on purpose: they are public keys, they prove
 * nothing to whoever holds them, and a service's deployment can fetch them before it has any API key.
 */
@ApiTags('keys')
@Public()
@Controller('v1/keys')
export class CommandSigningKeysController {
  constructor(private readonly keys: KeyRing) {}

  @Get('command-signing')
  @ApiOperation({
    summary:
      "The coordinator's Ed25519 public keys that services verify erasure commands with (no API key needed)",
  })
  @ApiOkResponse({ type: CommandSigningKeysResponse })
  commandSigningKeys(): CommandSigningKeysResponse {
    return {
      currentKeyId: this.keys.signingKeyId,
      keys: this.keys.commandPublicKeys().map(({ id, raw, pem, current }) => ({
        id,
        algorithm: 'Ed25519',
        publicKey: raw,
        publicKeyPem: pem,
        current,
      })),
    };
  }
}
