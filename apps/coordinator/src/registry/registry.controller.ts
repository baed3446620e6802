import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RegistryService, ServiceView } from './registry.service';

@ApiTags('services')
@ApiBearerAuth()
@Controller('v1/services')
export class RegistryController {
  constructor(private readonly registry: RegistryService) {}

  @Get()
  async list(): Promise<{ items: ServiceView[] }> {
    return { items: await this.registry.list() };
  }
}
