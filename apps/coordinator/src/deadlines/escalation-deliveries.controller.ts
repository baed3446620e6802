import {
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  UseFilters,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Actor } from '../auth/actor.decorator';
import {
  EscalationDeliveryListResponse,
  EscalationDeliveryResponse,
} from './dto/escalation-delivery.response';
import { ListEscalationDeliveriesQuery } from './dto/list-escalation-deliveries.query';
import { EscalationDeliveryExceptionFilter } from './escalation-delivery.exception.filter';
import { EscalationDeliveryService } from './escalation-delivery.service';

const DeliveryId = () => Param('id', new ParseUUIDPipe({ version: '4' }));

/** The escalation webhook's outbox: what is still owed, and the operator's stop and retry. */
@ApiTags('escalation deliveries')
@ApiBearerAuth()
@Controller('v1/escalation-deliveries')
@UseFilters(EscalationDeliveryExceptionFilter)
export class EscalationDeliveriesController {
  constructor(private readonly deliveries: EscalationDeliveryService) {}

  @Get()
  @ApiOkResponse({ type: EscalationDeliveryListResponse, description: 'newest first' })
  async list(@Query() query: ListEscalationDeliveriesQuery): Promise<EscalationDeliveryListResponse> {
    const items = await this.deliveries.list(query.status, query.limit ?? 50);
    return { items: items.map((item) => EscalationDeliveryResponse.of(item)) };
  }

  @Get(':id')
  @ApiOkResponse({ type: EscalationDeliveryResponse })
  @ApiNotFoundResponse({ description: 'ESCALATION_DELIVERY_NOT_FOUND' })
  async get(@DeliveryId() id: string): Promise<EscalationDeliveryResponse> {
    return EscalationDeliveryResponse.of(await this.deliveries.get(id));
  }

  @Post(':id/stop')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: EscalationDeliveryResponse, description: 'no further attempts' })
  @ApiNotFoundResponse({ description: 'ESCALATION_DELIVERY_NOT_FOUND' })
  @ApiConflictResponse({ description: 'ESCALATION_ALREADY_DELIVERED' })
  async stop(@DeliveryId() id: string, @Actor() actor: string): Promise<EscalationDeliveryResponse> {
    return EscalationDeliveryResponse.of(await this.deliveries.stop(id, actor));
  }

  @Post(':id/retry')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: EscalationDeliveryResponse, description: 'due now (resumed if it was stopped)' })
  @ApiNotFoundResponse({ description: 'ESCALATION_DELIVERY_NOT_FOUND' })
  @ApiConflictResponse({ description: 'ESCALATION_ALREADY_DELIVERED' })
  async retry(@DeliveryId() id: string, @Actor() actor: string): Promise<EscalationDeliveryResponse> {
    return EscalationDeliveryResponse.of(await this.deliveries.retry(id, actor));
  }
}
