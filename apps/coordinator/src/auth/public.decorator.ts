import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'lethe:public';

/** Marks a route that needs no API key (health and metrics probes). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
