import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  UseFilters,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Actor } from './actor.decorator';
import { ApiKeyExceptionFilter } from './api-key.exception.filter';
import { ApiKeyService } from './api-key.service';
import { ApiKeyListResponse, CreatedApiKeyResponse } from './dto/api-key.response';
import { CreateApiKeyDto } from './dto/create-api-key.dto';
import { RequireRole } from './require-role.decorator';

@ApiTags('api keys')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'missing, unknown or revoked API key' })
@Controller('v1/api-keys')
@UseFilters(ApiKeyExceptionFilter)
export class ApiKeyController {
  constructor(private readonly keys: ApiKeyService) {}

  @Post()
  @RequireRole('admin')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Issue an API key; the response is the only time the key is shown' })
  @ApiCreatedResponse({ type: CreatedApiKeyResponse })
  @ApiBadRequestResponse({ description: 'invalid name or role' })
  @ApiConflictResponse({ description: 'the name is taken or reserved' })
  create(@Body() body: CreateApiKeyDto, @Actor() actor: string): Promise<CreatedApiKeyResponse> {
    return this.keys.create(body, actor);
  }

  @Get()
  @RequireRole('admin')
  @ApiOperation({ summary: 'List API keys (without the keys themselves)' })
  @ApiOkResponse({ type: ApiKeyListResponse })
  async list(): Promise<ApiKeyListResponse> {
    return { items: await this.keys.list() };
  }

  @Delete(':id')
  @RequireRole('admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke an API key, effective immediately; revoking it again changes nothing' })
  @ApiNoContentResponse({ description: 'revoked' })
  @ApiNotFoundResponse({ description: 'no key has this id' })
  async revoke(
    @Param('id', new ParseUUIDPipe({ version: '4' })) id: string,
    @Actor() actor: string,
  ): Promise<void> {
    await this.keys.revoke(id, actor);
  }
}
