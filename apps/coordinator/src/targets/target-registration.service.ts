import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { CoordinatorConfig } from '../config/coordinator-config';
import { outboundUrlProblem } from '../http/outbound-url-policy';
import { RegisteredServiceEntity } from '../registry/registered-service.entity';
import { RegistryService } from '../registry/registry.service';
import { RegisterTargetDto } from './dto/register-target.dto';
import { TargetResponse } from './dto/target.response';
import { OpenDsrClient } from './opendsr-client';
import { TargetEndpoint, TargetRepository } from './target-repository';
import { TargetErrorCode, TargetException } from './targets.exception';

const DEFAULT_EXPECTED_COMPLETION_MS = 24 * 60 * 60_000;

/**
 * Registers webhook and OpenDSR targets. A target is a registered service (so requests fan out to it, and the
 * registry, dashboard and retire work as for any service) with an endpoint of its own. Every URL must pass the
 * target allow-list (SSRF); an OpenDSR processor is discovered and its certificate kept to verify it by.
 */
@Injectable()
export class TargetRegistration {
  private readonly logger = new Logger(TargetRegistration.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: RegistryService,
    private readonly targets: TargetRepository,
    private readonly opendsr: OpenDsrClient,
    private readonly config: CoordinatorConfig,
    private readonly clock: Clock,
  ) {}

  async register(input: RegisterTargetDto, actor: string): Promise<TargetResponse> {
    this.checkUrl(input.url);
    if (input.kind === 'webhook' && !input.secret) {
      throw new TargetException(
        TargetErrorCode.SecretRequired,
        'a webhook target needs a signing secret (at least 16 characters)',
      );
    }
    const known = await this.registry.find(input.name);
    if (known && known.state !== 'retired') throw alreadyRegistered(input.name);
    let processorCertificate: string | null = null;
    if (input.kind === 'opendsr') {
      const discovery = await this.opendsr.discover(input.url, input.secret ?? null, (url) =>
        outboundUrlProblem(url, this.config.targets.urlAllowlist),
      );
      if (!discovery.ok)
        throw new TargetException(
          TargetErrorCode.DiscoveryFailed,
          `OpenDSR discovery failed: ${discovery.reason}`,
          true,
        );
      processorCertificate = discovery.certificatePem;
    }
    const endpoint: Omit<TargetEndpoint, 'identityTypes'> = {
      name: input.name,
      kind: input.kind,
      url: input.url,
      secret: input.secret ?? null,
      expectedCompletionMs: input.expectedCompletionMs ?? DEFAULT_EXPECTED_COMPLETION_MS,
      deadlinePolicy: input.deadlinePolicy ?? 'escalate',
      processorCertificate,
    };
    const capabilities = { identityTypes: input.identityTypes, dataCategories: input.dataCategories ?? [] };
    await this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const existing = await this.registry.lockService(manager, input.name);
      if (existing && existing.state !== 'retired') throw alreadyRegistered(input.name);
      if (existing) {
        await manager.getRepository(RegisteredServiceEntity).update(
          { name: input.name },
          {
            state: 'active',
            registration: input.kind,
            ...capabilities,
            sdkVersion: null,
            instanceId: null,
            lastSeenAt: now,
          },
        );
      } else {
        await manager.getRepository(RegisteredServiceEntity).insert({
          name: input.name,
          state: 'active',
          registration: input.kind,
          ...capabilities,
          sdkVersion: null,
          instanceId: null,
          firstSeenAt: now,
          lastSeenAt: now,
        });
      }
      await this.targets.upsertEndpoint(manager, endpoint, now);
      // the URL is an address of a business, not of a person; the secret never enters the ledger
      await this.registry.audit(manager, actor, now, existing ? 'service.reinstated' : 'service.registered', {
        service: input.name,
        registration: input.kind,
        url: input.url,
        deadlinePolicy: endpoint.deadlinePolicy,
        expectedCompletionMs: endpoint.expectedCompletionMs,
        ...capabilities,
      });
    });
    this.logger.log(`${input.kind} target ${input.name} registered by ${actor}`);
    const registered = await this.targets.findEndpoint(input.name);
    return toResponse(registered!);
  }

  async list(): Promise<TargetResponse[]> {
    return (await this.targets.listEndpoints()).map(toResponse);
  }

  private checkUrl(url: string): void {
    const problem = outboundUrlProblem(url, this.config.targets.urlAllowlist);
    if (problem) {
      throw new TargetException(
        TargetErrorCode.UrlNotAllowed,
        `the target URL ${problem} (LETHE_TARGET_URL_ALLOWLIST lists the hosts targets may be reached at)`,
      );
    }
  }
}

function toResponse(endpoint: TargetEndpoint): TargetResponse {
  return {
    name: endpoint.name,
    kind: endpoint.kind,
    url: endpoint.url,
    identityTypes: endpoint.identityTypes,
    expectedCompletionMs: endpoint.expectedCompletionMs,
    deadlinePolicy: endpoint.deadlinePolicy,
    hasSecret: endpoint.secret !== null,
    callbackPath: `/v1/targets/${endpoint.name}/callbacks`,
  };
}

function alreadyRegistered(name: string): TargetException {
  return new TargetException(
    TargetErrorCode.AlreadyRegistered,
    `service ${name} is already registered and active; DELETE /v1/services/${name} retires it first`,
  );
}
