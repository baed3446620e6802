import { ErasureResult, redactPersonalData } from '@lethe/deletion-sdk/protocol';

/**
 * The result with its free text — the retention note and the error message a service wrote — masked, so an
 * address or a phone number quoted there reaches neither the logs nor the ledger, which can never forget it.
 * Services running the SDK already mask; this also covers older SDKs, other clients and manual confirmations.
 */
export function maskResultText(result: ErasureResult): ErasureResult {
  const masked: ErasureResult = { ...result };
  if (result.retention) {
    masked.retention = { ...result.retention, basis: redactPersonalData(result.retention.basis) };
    if (result.retention.note !== undefined)
      masked.retention.note = redactPersonalData(result.retention.note);
  }
  if (result.error) masked.error = { ...result.error, message: redactPersonalData(result.error.message) };
  return masked;
}
