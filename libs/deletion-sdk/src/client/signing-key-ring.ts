import type { SecretLookup, SigningKey } from '../protocol/signing';

/**
 * Secrets for verifying commands sent to `service`. Every configured key verifies (so the coordinator can move to
 * a new key id at its own pace); the first one signs. Commands claiming any other service find no secret and
 * fail verification — a service cannot vouch for messages addressed to someone else.
 */
export function serviceSecretLookup(service: string, keys: readonly SigningKey[]): SecretLookup {
  const byId = new Map(keys.map((key) => [key.id, key.secret]));
  return (keyId, claimedService) => (claimedService === service ? byId.get(keyId) : undefined);
}
