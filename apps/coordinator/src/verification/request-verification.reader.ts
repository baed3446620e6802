import { Injectable } from '@nestjs/common';
import { RequestVerificationResponse } from './dto/request-verification.response';
import { overallVerificationStatus } from './verification-policy';
import { VerificationRepository } from './verification.repository';

/** The `verification` block of GET /v1/erasure-requests/:id. */
@Injectable()
export class RequestVerificationReader {
  constructor(private readonly repository: VerificationRepository) {}

  async summaryOf(requestId: string): Promise<RequestVerificationResponse> {
    const [verifications, findings] = await Promise.all([
      this.repository.verificationsOf(requestId),
      this.repository.findingsOf(requestId),
    ]);
    return {
      status: overallVerificationStatus(verifications.map((v) => v.status)),
      services: verifications.map((v) => ({
        service: v.service,
        status: v.status,
        errorCode: v.errorCode,
        answeredAt: v.answeredAt?.toISOString() ?? null,
      })),
      findings: findings.map((f) => ({
        service: f.service,
        store: f.store,
        records: f.records,
        foundAt: f.foundAt.toISOString(),
        followUpRequestId: f.followUpRequestId,
      })),
    };
  }
}
