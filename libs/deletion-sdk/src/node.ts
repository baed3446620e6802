// Everything except the NestJS integration, for plain Node services: importing this loads no @nestjs package.
export * from './protocol';
export * from './core';
export * from './client';
export * from './testing';
