import { Body, Controller, Header, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../auth/require-role.decorator';
import { SuppressionCheckDto } from './dto/suppression-check.dto';
import { SuppressionCheckResponse } from './dto/suppression-check.response';
import { SuppressionService } from './suppression.service';

@ApiTags('suppression')
@ApiBearerAuth()
@Controller('v1/suppression')
export class SuppressionController {
  constructor(private readonly suppression: SuppressionService) {}

  // a POST so the identities travel in the body, never in a URL that proxies and access logs keep
  @Post('check')
  @HttpCode(HttpStatus.OK)
  @RequireRole('auditor')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Which of these identities belong to an erased subject (what the SDK’s isSuppressed asks)',
  })
  @ApiOkResponse({ type: SuppressionCheckResponse })
  check(@Body() body: SuppressionCheckDto): Promise<SuppressionCheckResponse> {
    return this.suppression.check(body);
  }
}
