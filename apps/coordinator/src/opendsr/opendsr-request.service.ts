import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { CoordinatorConfig } from '../config/coordinator-config';
import { KeyRing } from '../crypto/key-ring';
import { ErasureRequestActionsService } from '../requests/erasure-request-actions.service';
import { ErasureRequestService } from '../requests/erasure-request.service';
import { normaliseIdentities } from '../requests/identity-normalizer';
import { OpenDsrLinkEntity } from './opendsr-link.entity';
import {
  OPENDSR_API_VERSION,
  OpenDsrRequest,
  OpenDsrStatus,
  SUPPORTED_SUBJECT_REQUEST_TYPES,
} from './opendsr-protocol';
import { toLetheIdentities, validateOpenDsrRequest } from './opendsr-request-validation';
import { toOpenDsrStatus } from './opendsr-status';
import { OpenDsrErrorCode, OpenDsrException } from './opendsr.exception';

export interface RequestReceipt {
  controller_id: string;
  expected_completion_time: string;
  received_time: string;
  encoded_request: string;
  subject_request_id: string;
  api_version: string;
}

export interface RequestStatusView {
  controller_id: string;
  expected_completion_time: string;
  subject_request_id: string;
  request_status: OpenDsrStatus;
  api_version: string;
}

export interface CancellationReceipt {
  controller_id: string;
  subject_request_id: string;
  received_time: string;
  api_version: string;
}

/** Prefix of the intake's externalId, so the subject_request_id is the idempotency key of the normal pipeline. */
export const OPENDSR_EXTERNAL_ID_PREFIX = 'opendsr:';

/**
 * OpenDSR requests on top of the coordinator's own intake: erasures go through ErasureRequestService unchanged;
 * this keeps only the link from the controller's id to Lethe's request and reads status back through the intake.
 */
@Injectable()
export class OpenDsrRequestService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly intake: ErasureRequestService,
    private readonly actions: ErasureRequestActionsService,
    private readonly keys: KeyRing,
    private readonly config: CoordinatorConfig,
    private readonly clock: Clock,
  ) {}

  async create(body: unknown, rawBody: Buffer, legacy: boolean, actor: string): Promise<RequestReceipt> {
    const validated = validateOpenDsrRequest(body, {
      regulationRequired: !legacy,
      callbackAllowlist: this.config.opendsr.callbackAllowlist,
    });
    if (!validated.ok) {
      throw new OpenDsrException(
        OpenDsrErrorCode.InvalidRequest,
        validated.errors[0].message,
        validated.errors,
      );
    }
    const request = validated.request;
    if (!SUPPORTED_SUBJECT_REQUEST_TYPES.includes(request.subject_request_type)) {
      const message = `subject_request_type ${request.subject_request_type} is not supported: this processor performs erasure only`;
      throw new OpenDsrException(OpenDsrErrorCode.UnsupportedRequestType, message, [
        { domain: 'Validation', reason: 'UnsupportedSubjectRequestType', message },
      ]);
    }
    const fingerprint = this.fingerprintOf(request);
    const links = this.dataSource.getRepository(OpenDsrLinkEntity);
    let link = await links.findOneBy({ subjectRequestId: request.subject_request_id });
    if (!link) {
      const linkTo = async (manager: EntityManager, requestId: string, receivedAt: Date) => {
        await manager
          .createQueryBuilder()
          .insert()
          .into(OpenDsrLinkEntity)
          .values({
            subjectRequestId: request.subject_request_id,
            requestId,
            controllerId: this.config.opendsr.controllerId,
            apiVersion: request.api_version ?? null,
            fingerprint,
            callbackUrls: request.status_callback_urls,
            receivedAt,
            announcedStatus: null,
            checkedAt: this.clock.now(),
            createdBy: actor,
          })
          // a concurrent submission of the same id may have linked first; the intake made them one request
          .orIgnore()
          .execute();
      };
      // the link is written in the request's own transaction: no request of this id exists without it
      const { request: created } = await this.intake.submit(
        {
          regulation: request.regulation,
          subject: { identities: toLetheIdentities(request.subject_identities) },
          externalId: `${OPENDSR_EXTERNAL_ID_PREFIX}${request.subject_request_id}`,
        },
        actor,
        (manager, entity) => linkTo(manager, entity.id, entity.submittedAt),
      );
      link = await links.findOneBy({ subjectRequestId: request.subject_request_id });
      // only a request received before links were written with it can be unlinked: it is linked now
      if (!link) {
        await linkTo(this.dataSource.manager, created.id, new Date(created.submittedAt));
        link = await links.findOneByOrFail({ subjectRequestId: request.subject_request_id });
      }
    }
    if (link.fingerprint !== fingerprint && link.fingerprint !== this.fingerprintOf(request, false)) {
      const message = 'subject_request_id was already used for a different request';
      throw new OpenDsrException(OpenDsrErrorCode.DuplicateRequestId, message, [
        { domain: 'Validation', reason: 'DuplicateSubjectRequestId', message },
      ]);
    }
    const lethe = await this.intake.get(link.requestId);
    return {
      controller_id: link.controllerId,
      expected_completion_time: rfc3339(lethe.dueAt),
      received_time: rfc3339(link.receivedAt),
      encoded_request: rawBody.toString('base64'),
      subject_request_id: link.subjectRequestId,
      api_version: OPENDSR_API_VERSION,
    };
  }

  async status(subjectRequestId: string): Promise<RequestStatusView> {
    const link = await this.linkOf(subjectRequestId);
    const lethe = await this.intake.get(link.requestId);
    return {
      controller_id: link.controllerId,
      expected_completion_time: rfc3339(lethe.dueAt),
      subject_request_id: link.subjectRequestId,
      request_status: toOpenDsrStatus(
        lethe.status,
        lethe.tasks.map((task) => task.status),
      ),
      api_version: OPENDSR_API_VERSION,
    };
  }

  /** Spec §9: a controller may cancel while the request is pending, that is before any service has acted. */
  async cancel(subjectRequestId: string, actor: string): Promise<CancellationReceipt> {
    const view = await this.status(subjectRequestId);
    if (view.request_status !== 'pending') {
      const message = `the request is ${view.request_status}; only a pending request can be cancelled`;
      throw new OpenDsrException(OpenDsrErrorCode.NotCancellable, message, [
        { domain: 'Request', reason: 'NotPending', message },
      ]);
    }
    const link = await this.linkOf(subjectRequestId);
    await this.actions.cancel(link.requestId, actor, 'cancelled by the OpenDSR controller');
    return {
      controller_id: link.controllerId,
      subject_request_id: link.subjectRequestId,
      received_time: rfc3339(this.clock.now()),
      api_version: OPENDSR_API_VERSION,
    };
  }

  private async linkOf(subjectRequestId: string): Promise<OpenDsrLinkEntity> {
    const link = /^[0-9a-f-]{36}$/i.test(subjectRequestId)
      ? await this.dataSource.getRepository(OpenDsrLinkEntity).findOneBy({ subjectRequestId })
      : null;
    if (!link) {
      throw new OpenDsrException(OpenDsrErrorCode.NotFound, 'no OpenDSR request has this subject_request_id');
    }
    return link;
  }

  /**
   * Keyed, so the stored fingerprint of a body naming a person proves nothing to anyone without the key. Over the
   * identities as Lethe normalises them, in any order, so a resubmission that differs only in case, spacing or
   * order is the same request. `normalised: false` is how links were fingerprinted before (the values as sent),
   * still accepted for those.
   */
  private fingerprintOf(request: OpenDsrRequest, normalised = true): string {
    const identities = normalised
      ? normaliseIdentities(toLetheIdentities(request.subject_identities))
          .map((i) => JSON.stringify([i.type, i.format ?? 'raw', i.value]))
          .sort()
      : request.subject_identities.map((i) => [i.identity_type, i.identity_format, i.identity_value]);
    const canonical = JSON.stringify([request.regulation, request.subject_request_type, identities]);
    return this.keys.hashIdentity('opendsr-request', canonical);
  }
}

/** RFC 3339 without milliseconds, as the spec's examples write it. */
export function rfc3339(value: string | Date): string {
  return new Date(value).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
