import { ApiProperty } from '@nestjs/swagger';

export class ReceiptSigningKeyResponse {
  @ApiProperty({ example: 'k1', description: 'the key id a receipt names in its keyId field' })
  id: string;

  @ApiProperty({ enum: ['Ed25519'] })
  algorithm: 'Ed25519';

  @ApiProperty({
    example: 'mJ1nE8QeC0p3rN3sAq2VwS1yq1xkqk8l2m8XwWfQ0ZQ=',
    description: 'the 32-byte raw public key in base64: what `lethe receipt verify --public-key` takes',
  })
  publicKey: string;

  @ApiProperty({ description: 'the same key as SPKI PEM' })
  publicKeyPem: string;

  @ApiProperty({ description: 'true for the key receipts are signed with now; false for previous key ids' })
  current: boolean;
}

export class ReceiptSigningKeysResponse {
  @ApiProperty({ example: 'k1', description: 'id of the key receipts are signed with now' })
  currentKeyId: string;

  @ApiProperty({
    type: [ReceiptSigningKeyResponse],
    description: 'the current key first, then previous ones (receipts issued before a rotation name those)',
  })
  keys: ReceiptSigningKeyResponse[];
}
