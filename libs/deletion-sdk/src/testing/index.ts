export * from './erasure-command.factory';
export * from './erasure-harness';
