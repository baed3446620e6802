import { ApiProperty } from '@nestjs/swagger';
import { REQUEST_STATUSES, RequestStatus } from '../../../requests/request-lifecycle';
import { TASK_STATUSES, TaskStatus } from '../../../tasks/task-lifecycle';

export class ManualConfirmationResponse {
  @ApiProperty({ format: 'uuid' }) requestId: string;
  @ApiProperty() service: string;
  @ApiProperty({ enum: TASK_STATUSES, description: 'the task, after the confirmation' }) status: TaskStatus;
  @ApiProperty() recordsAffected: number;
  @ApiProperty({ enum: REQUEST_STATUSES, description: 'the request, which completes with its last task' })
  requestStatus: RequestStatus;
}
