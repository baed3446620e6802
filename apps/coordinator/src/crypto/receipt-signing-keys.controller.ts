import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator';
import { ReceiptSigningKeysResponse } from './dto/receipt-signing-keys.response';
import { KeyRing } from './key-ring';

/**
 * Publishes the keys deletion receipts verify with. Public on purpose: a receipt goes to auditors and to the
 * subject's controller, who hold no API key, and a public key proves nothing to whoever holds it.
 */
@ApiTags('keys')
@Public()
@Controller('v1/keys')
export class ReceiptSigningKeysController {
  constructor(private readonly keys: KeyRing) {}

  @Get('receipt-signing')
  @ApiOperation({
    summary: "The coordinator's Ed25519 public keys that deletion receipts verify with (no API key needed)",
  })
  @ApiOkResponse({ type: ReceiptSigningKeysResponse })
  receiptSigningKeys(): ReceiptSigningKeysResponse {
    return {
      currentKeyId: this.keys.signingKeyId,
      keys: this.keys.receiptPublicKeys().map(({ id, raw, pem, current }) => ({
        id,
        algorithm: 'Ed25519',
        publicKey: raw,
        publicKeyPem: pem,
        current,
      })),
    };
  }
}
