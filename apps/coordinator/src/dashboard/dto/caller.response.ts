import { ApiProperty } from '@nestjs/swagger';
import { Role, ROLES } from '../../auth/role';

export class CallerResponse {
  @ApiProperty({ example: 'api-key:privacy-desk', description: 'as recorded in the audit ledger' })
  actor: string;
  @ApiProperty({ enum: ROLES, description: 'admin ⊇ operator ⊇ auditor' }) role: Role;
}
