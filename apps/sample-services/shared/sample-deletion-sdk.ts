import { DynamicModule } from '@nestjs/common';
import { DeletionClientOptions, DeletionSdkModule } from '@lethe/deletion-sdk';
import { SampleServiceConfig } from './sample-service-config';

/** What a service tells the coordinator about itself: how it can find a person and what it holds. */
export type SampleServiceAnnouncement = Pick<DeletionClientOptions, 'identityTypes' | 'dataCategories'>;

/**
 * The deletion SDK, configured from the service's config. Import it after the service's store module: Nest shuts
 * global modules down in reverse order of import, so the SDK then finishes the command in hand before the store
 * closes.
 */
export function sampleDeletionSdkModule(announcement: SampleServiceAnnouncement): DynamicModule {
  return DeletionSdkModule.forRootAsync({
    inject: [SampleServiceConfig],
    useFactory: (config: SampleServiceConfig) => ({
      service: config.service,
      brokers: config.kafkaBrokers,
      topicPrefix: config.topicPrefix,
      signingKey: { id: config.signingKeyId, secret: config.signingSecret },
      commandVerificationKeys: config.commandPublicKeys,
      commandRetentionMs: config.commandRetentionMs,
      handlerTimeoutMs: config.handlerTimeoutMs,
      identityTypes: announcement.identityTypes,
      dataCategories: announcement.dataCategories,
      consumer: { maxWaitTimeInMs: config.kafkaMaxWaitMs },
    }),
  });
}
