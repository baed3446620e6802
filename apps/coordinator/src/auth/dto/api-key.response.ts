import { ApiProperty } from '@nestjs/swagger';
import { Role, ROLES } from '../role';

export class ApiKeyResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({
    description: 'the non-secret start of the key, e.g. lethe_k3mz7q2a',
    example: 'lethe_k3mz7q2a',
  })
  prefix: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ description: 'actor that created the key', example: 'api-key:bootstrap' }) createdBy: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) revokedBy: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'approximate: recorded at most once a minute per coordinator replica',
  })
  lastUsedAt: string | null;
}

export class CreatedApiKeyResponse extends ApiKeyResponse {
  @ApiProperty({
    description: 'the key itself; shown only in this response, store it now',
    example: 'lethe_k3mz7q2a_2hV0yqXoN7pD0y3h1yUaxY5rJ3dQ6mH1xKq8b7TnLcw',
  })
  key: string;
}

export class ApiKeyListResponse {
  @ApiProperty({ type: [ApiKeyResponse], description: 'newest first, revoked keys included' })
  items: ApiKeyResponse[];
}
