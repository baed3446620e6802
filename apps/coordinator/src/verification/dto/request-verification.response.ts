import { ApiProperty } from '@nestjs/swagger';
import { VERIFICATION_STATUSES, VerificationStatus } from '../verification-policy';

export class VerificationFindingResponse {
  @ApiProperty() service: string;
  @ApiProperty({ description: 'the store (SDK verify handler) that still holds the subject' }) store: string;
  @ApiProperty({ description: 'how many of its records; never what they contain' }) records: number;
  @ApiProperty({ type: String, format: 'date-time' }) foundAt: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description:
      'the re-erasure opened for this finding (POST /v1/erasure-requests/:id/re-erase); null while open',
  })
  followUpRequestId: string | null;
}

export class ServiceVerificationResponse {
  @ApiProperty() service: string;
  @ApiProperty({ enum: VERIFICATION_STATUSES }) status: VerificationStatus;
  @ApiProperty({ nullable: true, description: 'why it could not be verified, e.g. NO_VERIFY_HANDLER' })
  errorCode: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) answeredAt: string | null;
}

export class RequestVerificationResponse {
  @ApiProperty({
    enum: ['not_scheduled', 'pending', 'absent', 'present', 'failed'],
    description:
      'the verification pass, LETHE_VERIFY_AFTER_MS after completion: present when any service still holds the ' +
      'subject, failed when any could not check, absent when none holds it',
  })
  status: 'not_scheduled' | 'pending' | 'absent' | 'present' | 'failed';
  @ApiProperty({ type: [ServiceVerificationResponse] }) services: ServiceVerificationResponse[];
  @ApiProperty({ type: [VerificationFindingResponse] }) findings: VerificationFindingResponse[];
}
