import { ApiProperty } from '@nestjs/swagger';
import type { DeletionReceipt } from '@lethe/deletion-sdk/protocol';

// OpenAPI shapes of the receipt; the type itself is the protocol's DeletionReceipt, which these mirror.

class ReceiptIdentityHashDoc {
  @ApiProperty({ example: 'email' }) type: string;
  @ApiProperty({ description: 'HMAC-SHA256 of "type:normalised value" under the identity-hash key (hex)' })
  hash: string;
}

class ReceiptRequestDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true }) externalId: string | null;
  @ApiProperty({ enum: ['gdpr', 'ccpa'] }) regulation: string;
  @ApiProperty({ enum: ['completed', 'cancelled'] }) status: string;
  @ApiProperty({ format: 'date-time' }) submittedAt: string;
  @ApiProperty({ format: 'date-time' }) dueAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) cancelledAt: string | null;
  @ApiProperty({ type: [ReceiptIdentityHashDoc], description: 'keyed hashes only, never the values' })
  identityHashes: ReceiptIdentityHashDoc[];
}

class ReceiptRetentionDoc {
  @ApiProperty({ description: 'the legal basis the data was kept under' }) basis: string;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
}

class ReceiptServiceOutcomeDoc {
  @ApiProperty() service: string;
  @ApiProperty({
    example: 'deleted',
    description: 'the task status: deleted, not_found, retained, cancelled, …',
  })
  status: string;
  @ApiProperty({ type: Number, nullable: true }) recordsAffected: number | null;
  @ApiProperty({ type: ReceiptRetentionDoc, nullable: true }) retention: ReceiptRetentionDoc | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completedAt: string | null;
}

class ReceiptLegalHoldDoc {
  @ApiProperty({ format: 'uuid' }) holdId: string;
  @ApiProperty({ example: 'litigation' }) basis: string;
  @ApiProperty({ description: "the provision of the request's law the data was kept under" })
  legalBasis: string;
  @ApiProperty({ format: 'date-time' }) placedAt: string;
  @ApiProperty({ format: 'date-time' }) heldAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) releasedAt: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) followUpRequestId: string | null;
}

class ReceiptAuditChainDoc {
  @ApiProperty({ example: 'request:6f1c2b7e-3c1a-4a57-9a55-3f1b0f7a2c10' }) stream: string;
  @ApiProperty({ description: 'seq of the last event of the stream when the receipt was issued' })
  seq: number;
  @ApiProperty({ description: 'hash of that event, as GET /v1/erasure-requests/:id/audit shows it' })
  hash: string;
}

class ReceiptSignatureDoc {
  @ApiProperty({ enum: ['Ed25519'] }) algorithm: 'Ed25519';
  @ApiProperty({ description: 'base64 Ed25519 signature over the canonical JSON of the receipt without it' })
  value: string;
}

export class DeletionReceiptResponse implements DeletionReceipt {
  @ApiProperty({ enum: [1] }) v: 1;
  @ApiProperty({ enum: ['lethe.deletion-receipt'] }) type: 'lethe.deletion-receipt';
  @ApiProperty({ type: ReceiptRequestDoc }) request: ReceiptRequestDoc;
  @ApiProperty({ type: [ReceiptServiceOutcomeDoc], description: 'one per service, by name' })
  services: ReceiptServiceOutcomeDoc[];
  @ApiProperty({
    type: ReceiptLegalHoldDoc,
    nullable: true,
    description: 'set when a legal hold answered it',
  })
  legalHold: ReceiptLegalHoldDoc | null;
  @ApiProperty({ type: ReceiptAuditChainDoc }) auditChain: ReceiptAuditChainDoc;
  @ApiProperty({ format: 'date-time' }) issuedAt: string;
  @ApiProperty({ example: 'k1', description: 'the receipt-signing key id (GET /v1/keys/receipt-signing)' })
  keyId: string;
  @ApiProperty({ type: ReceiptSignatureDoc }) signature: ReceiptSignatureDoc;
}
