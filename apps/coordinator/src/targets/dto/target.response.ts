import { ApiProperty } from '@nestjs/swagger';
import { DEADLINE_POLICIES, DeadlinePolicy, TARGET_KINDS, TargetKind } from '../target-kinds';

/** A target as the API shows it: never its secret. */
export class TargetResponse {
  @ApiProperty() name: string;
  @ApiProperty({ enum: TARGET_KINDS }) kind: TargetKind;
  @ApiProperty() url: string;
  @ApiProperty({ type: [String] }) identityTypes: string[];
  @ApiProperty() expectedCompletionMs: number;
  @ApiProperty({ enum: DEADLINE_POLICIES }) deadlinePolicy: DeadlinePolicy;
  @ApiProperty({ description: 'whether a secret (webhook HMAC secret, OpenDSR token) is stored' })
  hasSecret: boolean;
  @ApiProperty({ description: 'where the target reports: POST here, signed' }) callbackPath: string;
}

export class TargetListResponse {
  @ApiProperty({ type: [TargetResponse] }) items: TargetResponse[];
}

export class CallbackAcceptedResponse {
  @ApiProperty({ description: 'the task the report was recorded for' }) taskId: string;
}
