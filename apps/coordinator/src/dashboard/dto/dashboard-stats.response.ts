import { ApiProperty } from '@nestjs/swagger';

export class RequestStatusCountsResponse {
  @ApiProperty() received: number;
  @ApiProperty() in_progress: number;
  @ApiProperty() completed: number;
  @ApiProperty() needs_attention: number;
  @ApiProperty() cancelled: number;
}

export class RequestStatsResponse {
  @ApiProperty({ description: 'every request in the ledger' }) total: number;
  @ApiProperty({ type: RequestStatusCountsResponse }) byStatus: RequestStatusCountsResponse;
  @ApiProperty({ description: 'received, in progress or needing attention' }) open: number;
  @ApiProperty({ description: 'open and past the due date' }) overdue: number;
  @ApiProperty({
    description: 'open, not yet overdue, and due within the at-risk lead time (or escalated as at risk)',
  })
  atRisk: number;
  @ApiProperty({ description: 'requests completed within the window' }) completedInWindow: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'median of completedAt − submittedAt over requests completed within the window',
  })
  medianTimeToCompleteMs: number | null;
}

export class DailyCompletionsResponse {
  @ApiProperty({ example: '2027-01-15', description: 'a UTC calendar day' }) date: string;
  @ApiProperty() completed: number;
}

export class ServiceStatsResponse {
  @ApiProperty({ example: 'accounts' }) service: string;
  @ApiProperty({ description: 'tasks settled within the window: succeeded + failed' }) settled: number;
  @ApiProperty({ description: 'deleted, not_found or retained' }) succeeded: number;
  @ApiProperty({ description: 'currently failed (awaiting a retry or an operator)' }) failed: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'succeeded / settled, 0..1; null when none settled',
  })
  successRate: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      '95th percentile of the time from the last dispatch to the result being recorded, over succeeded tasks ' +
      '(both instants by the coordinator, so service clocks do not skew it)',
  })
  p95AckMs: number | null;
}

export class DashboardStatsResponse {
  @ApiProperty({
    format: 'date-time',
    description:
      'when these numbers were counted: they are shared until the ledger changes, and recounted at most every few seconds while it keeps changing',
  })
  generatedAt: string;
  @ApiProperty({ example: 30, description: 'length of the window, in UTC calendar days ending today' })
  windowDays: number;
  @ApiProperty({ format: 'date-time', description: 'midnight UTC of the window’s first day' })
  windowStart: string;
  @ApiProperty({ type: RequestStatsResponse }) requests: RequestStatsResponse;
  @ApiProperty({
    type: [DailyCompletionsResponse],
    description: 'one entry per day of the window, oldest first',
  })
  completionsPerDay: DailyCompletionsResponse[];
  @ApiProperty({
    type: [ServiceStatsResponse],
    description: 'services with tasks settled within the window, by name',
  })
  services: ServiceStatsResponse[];
}
