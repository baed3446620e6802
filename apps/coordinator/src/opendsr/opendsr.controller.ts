import { Controller, Delete, Get, HttpStatus, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor } from '../auth/actor.decorator';
import { Public } from '../auth/public.decorator';
import { RequireRole } from '../auth/require-role.decorator';
import { CoordinatorConfig } from '../config/coordinator-config';
import {
  OpenDsrCancellationResponse,
  OpenDsrDiscoveryResponse,
  OpenDsrErrorResponse,
  OpenDsrReceiptResponse,
  OpenDsrRequestBody,
  OpenDsrStatusResponse,
} from './dto/opendsr.responses';
import {
  OPENDSR_API_VERSION,
  OPENDSR_IDENTITY_FORMATS,
  OPENDSR_IDENTITY_TYPES,
  SUPPORTED_SUBJECT_REQUEST_TYPES,
} from './opendsr-protocol';
import { OpenDsrRequestService } from './opendsr-request.service';
import { OpenDsrSigning } from './opendsr-signing';
import { withProcessorSignature } from './processor-signer';
import { RAW_BODY, WithRawBody } from '../http/raw-body';
import { sendSigned } from './signed-response';
import { OpenDsrExceptionFilter } from './opendsr.exception.filter';

export const OPENDSR_BASE_PATH = 'opendsr/v2';
export const CERTIFICATE_PATH = 'cert.pem';
/** Spec §10.1: the routes under their earlier names keep working (OpenGDPR, then OpenCompliance). */
const LEGACY_REQUESTS = ['opengdpr_requests', 'opencompliance_requests'];
const REQUEST_ROUTES = ['requests/:id', ...LEGACY_REQUESTS.map((name) => `${name}/:id`)];

/**
 * The OpenDSR processor endpoints (spec v2), for privacy platforms acting as controller. Every response is signed
 * and written here byte for byte (see signed-response.ts); every error is in the spec's shape.
 */
@ApiTags('OpenDSR')
@ApiBearerAuth()
@RequireRole('opendsr')
@UseFilters(OpenDsrExceptionFilter)
@ApiResponse({
  status: 400,
  type: OpenDsrErrorResponse,
  description: 'the spec error shape, without personal data',
})
@Controller(OPENDSR_BASE_PATH)
export class OpenDsrController {
  constructor(
    private readonly requests: OpenDsrRequestService,
    private readonly signing: OpenDsrSigning,
    private readonly config: CoordinatorConfig,
  ) {}

  @Get('discovery')
  @ApiOperation({ summary: 'What this processor supports, and where its signing certificate is' })
  @ApiResponse({ status: 200, type: OpenDsrDiscoveryResponse })
  discovery(@Req() request: Request, @Res() response: Response): void {
    const signer = this.signing.require();
    const base = this.config.opendsr.publicUrl ?? `${request.protocol}://${request.get('host')}`;
    sendSigned(
      response,
      HttpStatus.OK,
      {
        api_version: OPENDSR_API_VERSION,
        supported_identities: OPENDSR_IDENTITY_TYPES.flatMap((identity_type) =>
          OPENDSR_IDENTITY_FORMATS.map((identity_format) => ({ identity_type, identity_format })),
        ),
        supported_subject_request_types: SUPPORTED_SUBJECT_REQUEST_TYPES,
        processor_certificate: `${base.replace(/\/$/, '')}/${OPENDSR_BASE_PATH}/${CERTIFICATE_PATH}`,
      },
      signer,
    );
  }

  /** Public: a controller verifying a callback fetches it (spec §8.8), and a certificate is public anyway. */
  @Public()
  @Get(CERTIFICATE_PATH)
  @ApiOperation({ summary: 'The X.509 certificate (PEM) whose key signs responses and callbacks' })
  certificate(@Res() response: Response): void {
    const signer = this.signing.require();
    response.status(HttpStatus.OK).type('application/x-pem-file').send(signer.certificatePem);
  }

  @Post('requests')
  @ApiOperation({ summary: 'Submit a data subject request; erasures run through the normal pipeline' })
  @ApiBody({ type: OpenDsrRequestBody })
  @ApiResponse({ status: 201, type: OpenDsrReceiptResponse })
  async create(@Req() request: WithRawBody & Request, @Res() response: Response, @Actor() actor: string) {
    await this.submit(request, response, actor, false);
  }

  @Post(LEGACY_REQUESTS)
  @ApiOperation({
    summary: 'The same under the OpenGDPR and OpenCompliance names; regulation defaults to gdpr',
  })
  @ApiBody({ type: OpenDsrRequestBody })
  @ApiResponse({ status: 201, type: OpenDsrReceiptResponse })
  async createLegacy(
    @Req() request: WithRawBody & Request,
    @Res() response: Response,
    @Actor() actor: string,
  ) {
    await this.submit(request, response, actor, true);
  }

  @Get(REQUEST_ROUTES)
  @ApiOperation({ summary: 'Status of a request by its subject_request_id' })
  @ApiResponse({ status: 200, type: OpenDsrStatusResponse })
  async status(@Param('id') id: string, @Res() response: Response): Promise<void> {
    const signer = this.signing.require();
    sendSigned(response, HttpStatus.OK, await this.requests.status(id), signer);
  }

  @Delete(REQUEST_ROUTES)
  @ApiOperation({ summary: 'Cancel a request while it is pending (before any service acted)' })
  @ApiResponse({ status: 202, type: OpenDsrCancellationResponse })
  async cancel(@Param('id') id: string, @Res() response: Response, @Actor() actor: string): Promise<void> {
    const signer = this.signing.require();
    const receipt = await this.requests.cancel(id, actor);
    sendSigned(response, HttpStatus.ACCEPTED, withProcessorSignature(receipt, signer), signer);
  }

  private async submit(request: WithRawBody & Request, response: Response, actor: string, legacy: boolean) {
    const signer = this.signing.require();
    const raw = request[RAW_BODY] ?? Buffer.from(JSON.stringify(request.body ?? null));
    const receipt = await this.requests.create(request.body, raw, legacy, actor);
    sendSigned(response, HttpStatus.CREATED, withProcessorSignature(receipt, signer), signer);
  }
}
