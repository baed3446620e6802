import { Inject } from '@nestjs/common';
import { DELETION_CLIENT } from './deletion-sdk.constants';

/** Injects the module's `DeletionClient`, e.g. to check `isRunning` in a readiness probe. */
export const InjectDeletionClient = (): PropertyDecorator & ParameterDecorator => Inject(DELETION_CLIENT);
