import {
  CommandSigningKey,
  CommandVerificationKey,
  commandPublicKey,
  commandSigningKeyFromSeed,
} from '../../src/protocol/command-signing';

/** A fixed coordinator command key for unit tests (the seed is a constant, so every run agrees). */
export function aCommandSigningKey(id = 'k1', seedByte = 1): CommandSigningKey {
  return commandSigningKeyFromSeed(id, Buffer.alloc(32, seedByte));
}

/** The public half of `aCommandSigningKey`, as a service is configured with it. */
export function aCommandVerificationKey(id = 'k1', seedByte = 1): CommandVerificationKey {
  return { id, publicKey: commandPublicKey(aCommandSigningKey(id, seedByte)).raw };
}
