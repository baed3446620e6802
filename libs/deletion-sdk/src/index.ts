// The package's public entry. Plain Node services without NestJS installed import '@lethe/deletion-sdk/node'
// instead, which is this minus the Nest integration.
export * from './node';
export * from './nest';
