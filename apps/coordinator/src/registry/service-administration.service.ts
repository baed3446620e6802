import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { CoordinatorConfig } from '../config/coordinator-config';
import { serviceTopics } from '../kafka/coordinator-topics';
import { KafkaConnection } from '../kafka/kafka-connection';
import { RegisterServiceDto } from './dto/register-service.dto';
import { ServiceResponse } from './dto/service.response';
import { RegisteredServiceEntity } from './registered-service.entity';
import { RegistryErrorCode, RegistryException } from './registry.exception';
import { RegistryService } from './registry.service';

/** What operators do to the registry by hand: register a manual service, retire a service, reinstate it. */
@Injectable()
export class ServiceAdministration {
  private readonly logger = new Logger(ServiceAdministration.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: RegistryService,
    private readonly kafka: KafkaConnection,
    private readonly config: CoordinatorConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * Registers a service whose deletions a person confirms (`manual`), or reinstates a retired service the same
   * way. Its command topic is created first, so the first request that fans out to it can be dispatched.
   */
  async register(input: RegisterServiceDto, actor: string): Promise<ServiceResponse> {
    const known = await this.registry.find(input.name);
    if (known && known.state !== 'retired') throw alreadyRegistered(input.name);
    await this.ensureTopics(input.name);

    await this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const inserted: unknown[] = await manager.query(
        `INSERT INTO registered_services
           (name, state, registration, identity_types, data_categories, first_seen_at, last_seen_at)
         VALUES ($1, 'active', 'manual', $2, $3, $4, $4)
         ON CONFLICT (name) DO NOTHING
         RETURNING name`,
        [input.name, JSON.stringify(input.identityTypes), JSON.stringify(input.dataCategories), now],
      );
      const capabilities = { identityTypes: input.identityTypes, dataCategories: input.dataCategories };
      if (inserted.length > 0) {
        await this.registry.audit(manager, actor, now, 'service.registered', {
          service: input.name,
          registration: 'manual',
          ...capabilities,
        });
        return;
      }
      // it exists: another registration won the race, or it is retired and this reinstates it
      const existing = await this.registry.lockService(manager, input.name);
      if (!existing || existing.state !== 'retired') throw alreadyRegistered(input.name);
      await manager.getRepository(RegisteredServiceEntity).update(
        { name: input.name },
        {
          state: 'active',
          registration: 'manual',
          ...capabilities,
          sdkVersion: null,
          instanceId: null,
          lastSeenAt: now,
        },
      );
      await this.registry.audit(manager, actor, now, 'service.reinstated', {
        service: input.name,
        registration: 'manual',
        previousRegistration: existing.registration,
        ...capabilities,
      });
    });
    this.logger.log(`service ${input.name} registered by hand by ${actor}`);
    return this.view(input.name);
  }

  /**
   * Retires a service: new requests no longer fan out to it. Its open tasks are left as they are (a late result
   * still counts; an operator cancels or retries them), and what it announces from now on is ignored.
   */
  async retire(name: string, actor: string): Promise<ServiceResponse> {
    await this.dataSource.transaction(async (manager) => {
      const existing = await this.registry.lockService(manager, name);
      if (!existing) throw notFound(name);
      if (existing.state === 'retired') {
        throw new RegistryException(
          RegistryErrorCode.ServiceAlreadyRetired,
          `service ${name} is already retired; POST /v1/services registers it again`,
        );
      }
      const now = this.clock.now();
      await manager.getRepository(RegisteredServiceEntity).update({ name }, { state: 'retired' });
      await this.registry.audit(manager, actor, now, 'service.retired', {
        service: name,
        registration: existing.registration,
        openTasks: await this.registry.openTaskCount(manager, name),
      });
    });
    this.logger.log(`service ${name} retired by ${actor}`);
    return this.view(name);
  }

  private async ensureTopics(service: string): Promise<void> {
    try {
      await this.kafka.ensureTopics(serviceTopics(this.config, service));
    } catch (error) {
      throw new RegistryException(
        RegistryErrorCode.TopicsUnavailable,
        `could not create the command topic of ${service} (Kafka unavailable?); nothing was registered, try again`,
        true,
        { cause: error },
      );
    }
  }

  private async view(name: string): Promise<ServiceResponse> {
    const service = await this.registry.find(name);
    if (!service) throw notFound(name);
    return service;
  }
}

function notFound(name: string): RegistryException {
  return new RegistryException(RegistryErrorCode.ServiceNotFound, `service ${name} is not registered`);
}

function alreadyRegistered(name: string): RegistryException {
  return new RegistryException(
    RegistryErrorCode.ServiceAlreadyRegistered,
    `service ${name} is already registered and active; DELETE /v1/services/${name} retires it first`,
  );
}
