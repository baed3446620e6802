import { Injectable } from '@nestjs/common';
import { CoordinatorConfig } from '../config/coordinator-config';
import { OpenDsrErrorCode, OpenDsrException } from './opendsr.exception';
import { ProcessorSigner } from './processor-signer';

/** The processor's signer when a key and certificate are configured; the OpenDSR routes refuse to work without. */
@Injectable()
export class OpenDsrSigning {
  readonly signer: ProcessorSigner | null;

  constructor(config: CoordinatorConfig) {
    const { privateKeyPem, certificatePem, processorDomain } = config.opendsr;
    this.signer =
      privateKeyPem && certificatePem
        ? new ProcessorSigner(privateKeyPem, certificatePem, processorDomain)
        : null;
  }

  require(): ProcessorSigner {
    if (!this.signer) {
      throw new OpenDsrException(
        OpenDsrErrorCode.NotConfigured,
        'OpenDSR is not configured on this coordinator: set LETHE_OPENDSR_PRIVATE_KEY and LETHE_OPENDSR_CERTIFICATE',
        [],
        true,
      );
    }
    return this.signer;
  }
}
