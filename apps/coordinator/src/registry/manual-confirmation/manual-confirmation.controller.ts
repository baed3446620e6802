import {
  Body,
  Controller,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  UseFilters,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Actor } from '../../auth/actor.decorator';
import { RegistryExceptionFilter } from '../registry.exception.filter';
import { ConfirmTaskDto } from './dto/confirm-task.dto';
import { ManualConfirmationResponse } from './dto/manual-confirmation.response';
import { ManualConfirmationService } from './manual-confirmation.service';

@ApiTags('erasure requests')
@ApiBearerAuth()
@Controller('v1/erasure-requests/:id/tasks/:service/confirm')
@UseFilters(RegistryExceptionFilter)
export class ManualConfirmationController {
  constructor(private readonly confirmations: ManualConfirmationService) {}

  /** Operator role (the default for changes): confirms what a person did in a system without the SDK. */
  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ManualConfirmationResponse, description: 'recorded as the service result' })
  @ApiNotFoundResponse({ description: 'no such request, or it has no task for this service' })
  @ApiConflictResponse({ description: 'the service is not manual, or the task is not open for confirmation' })
  @ApiUnprocessableEntityResponse({
    description: 'the outcome, recordsAffected and retention do not fit together',
  })
  confirm(
    @Param('id', new ParseUUIDPipe({ version: '4' })) requestId: string,
    @Param('service') service: string,
    @Body() body: ConfirmTaskDto,
    @Actor() actor: string,
  ): Promise<ManualConfirmationResponse> {
    return this.confirmations.confirm(requestId, service, body, actor);
  }
}
