import { ApiProperty } from '@nestjs/swagger';

export class CommandSigningKeyResponse {
  @ApiProperty({ example: 'k1', description: 'the key id commands carry in the lethe-key-id header' })
  id: string;

  @ApiProperty({ enum: ['Ed25519'] })
  algorithm: 'Ed25519';

  @ApiProperty({
    example: 'D5uvu/tsYLJnmfXZNV10wkhBRBnKadvGO4rw8r11fYI=',
    description: 'the 32-byte raw public key in base64: the form LETHE_COMMAND_PUBLIC_KEYS takes',
  })
  publicKey: string;

  @ApiProperty({ description: 'the same key as SPKI PEM' })
  publicKeyPem: string;

  @ApiProperty({ description: 'true for the key commands are signed with now; false for previous key ids' })
  current: boolean;
}

export class CommandSigningKeysResponse {
  @ApiProperty({ example: 'k1', description: 'id of the key commands are signed with now' })
  currentKeyId: string;

  @ApiProperty({
    type: [CommandSigningKeyResponse],
    description: 'the current key first, then previous ones',
  })
  keys: CommandSigningKeyResponse[];
}
