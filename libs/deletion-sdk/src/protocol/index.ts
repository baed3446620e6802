export * from './codec';
export * from './identity';
export * from './identity-matching';
export * from './messages';
export * from './protocol.errors';
export * from './signing';
export * from './topics';
export * from './validation';
