import { ErasureCommand, SubjectIdentity } from '@lethe/deletion-sdk/protocol';

export interface DispatchRow {
  commandId: string;
  attempt: number;
  taskId: string;
  service: string;
  requestId: string;
  dueAt: Date;
}

/** Pure: the command a service receives for one dispatch of its task. */
export function buildErasureCommand(
  row: DispatchRow,
  identities: SubjectIdentity[],
  issuedAt: Date,
  dryRun = false,
): ErasureCommand {
  return {
    v: 1,
    type: 'erasure.command',
    id: row.commandId,
    requestId: row.requestId,
    taskId: row.taskId,
    service: row.service,
    attempt: row.attempt,
    issuedAt: issuedAt.toISOString(),
    dueAt: row.dueAt.toISOString(),
    dryRun,
    subject: { identities },
  };
}
