import { withoutStatementTimeout } from './pool-settings';
import { ApiKeyEntity } from '../auth/api-key.entity';
import { OutboxMessageEntity } from '../dispatch/outbox-message.entity';
import { AuditEventEntity } from '../ledger/audit-event.entity';
import { AuditStreamEntity } from '../ledger/audit-stream.entity';
import { RegisteredServiceEntity } from '../registry/registered-service.entity';
import { ErasureRequestEntity } from '../tasks/erasure-request.entity';
import { ErasureTaskEntity } from '../tasks/erasure-task.entity';
import { OpenDsrLinkEntity } from '../opendsr/opendsr-link.entity';
import { LegalHoldEntity } from '../holds/legal-hold.entity';
import { HeldRequestEntity } from '../holds/held-request.entity';
import { LegalHolds1795000500000 } from './migrations/1795000500000-legal-holds';
import { SuppressionIndex1795000510000 } from './migrations/1795000510000-suppression-index';
import { OpenDsr1795000420000 } from './migrations/1795000420000-opendsr';
import { EscalationDeliveries1795000430000 } from './migrations/1795000430000-escalation-deliveries';
import { Targets1795000520000 } from './migrations/1795000520000-targets';
import { BulkErasure1795000530000 } from './migrations/1795000530000-bulk-erasure';
import { TaskReminders1795000540000 } from './migrations/1795000540000-task-reminders';
import { VerificationPass1795000560000 } from './migrations/1795000560000-verification-pass';
import { InitialLedger1795000000000 } from './migrations/1795000000000-initial-ledger';
import { AuditExportIndex1795000200000 } from './migrations/1795000200000-audit-export-index';
import { Dashboard1795000300000 } from './migrations/1795000300000-dashboard';
import { IdentityShredding1795000410000 } from './migrations/1795000410000-identity-shredding';
import { ReceiptConfirmation1795000400000 } from './migrations/1795000400000-receipt-confirmation';
import { ApiKeys1795000100000 } from './migrations/1795000100000-api-keys';
import { OutboxBackoff1795000550000 } from './migrations/1795000550000-outbox-backoff';
import { RetriesAndDeadlines1795000050000 } from './migrations/1795000050000-retries-and-deadlines';

export const ENTITIES = [
  ErasureRequestEntity,
  ErasureTaskEntity,
  RegisteredServiceEntity,
  OutboxMessageEntity,
  AuditEventEntity,
  AuditStreamEntity,
  ApiKeyEntity,
  OpenDsrLinkEntity,
  LegalHoldEntity,
  HeldRequestEntity,
];

/**
 * In order; TypeORM records which ran in the `migrations` table. Each runs without the application's statement
 * timeout (pool-settings.ts).
 */
export const MIGRATIONS = [
  InitialLedger1795000000000,
  RetriesAndDeadlines1795000050000,
  ApiKeys1795000100000,
  AuditExportIndex1795000200000,
  Dashboard1795000300000,
  ReceiptConfirmation1795000400000,
  IdentityShredding1795000410000,
  OpenDsr1795000420000,
  EscalationDeliveries1795000430000,
  LegalHolds1795000500000,
  SuppressionIndex1795000510000,
  Targets1795000520000,
  BulkErasure1795000530000,
  TaskReminders1795000540000,
  OutboxBackoff1795000550000,
  VerificationPass1795000560000,
].map(withoutStatementTimeout);
