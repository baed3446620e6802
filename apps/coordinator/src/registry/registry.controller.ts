import { Body, Controller, Delete, Get, Param, Post, UseFilters } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Actor } from '../auth/actor.decorator';
import { RequireRole } from '../auth/require-role.decorator';
import { RegisterServiceDto } from './dto/register-service.dto';
import { ServiceListResponse, ServiceResponse } from './dto/service.response';
import { RegistryExceptionFilter } from './registry.exception.filter';
import { RegistryService } from './registry.service';
import { ServiceAdministration } from './service-administration.service';

@ApiTags('services')
@ApiBearerAuth()
@Controller('v1/services')
@UseFilters(RegistryExceptionFilter)
export class RegistryController {
  constructor(
    private readonly registry: RegistryService,
    private readonly administration: ServiceAdministration,
  ) {}

  @Get()
  @ApiOkResponse({ type: ServiceListResponse, description: 'every registered service, with its open tasks' })
  async list(): Promise<ServiceListResponse> {
    return { items: await this.registry.list() };
  }

  @Post()
  @RequireRole('admin')
  @ApiCreatedResponse({
    type: ServiceResponse,
    description: 'registered by hand (registration manual), or a retired service reinstated',
  })
  @ApiConflictResponse({ description: 'a service with this name is registered and not retired' })
  @ApiServiceUnavailableResponse({ description: 'the command topic could not be created; nothing changed' })
  register(@Body() body: RegisterServiceDto, @Actor() actor: string): Promise<ServiceResponse> {
    return this.administration.register(body, actor);
  }

  @Delete(':name')
  @RequireRole('admin')
  @ApiOkResponse({ type: ServiceResponse, description: 'retired: new requests no longer fan out to it' })
  @ApiNotFoundResponse({ description: 'no such service' })
  @ApiConflictResponse({ description: 'already retired' })
  retire(@Param('name') name: string, @Actor() actor: string): Promise<ServiceResponse> {
    return this.administration.retire(name, actor);
  }
}
