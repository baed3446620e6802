import { ChainedEvent } from './audit-chain';
import { AuditEventResponse, AuditExportLine } from './dto/audit-event.response';

export function toAuditEventResponse(event: ChainedEvent): AuditEventResponse {
  return {
    seq: event.seq,
    type: event.type,
    at: event.at.toISOString(),
    actor: event.actor,
    data: event.data,
    hash: event.hash,
    prevHash: event.prevHash,
  };
}

export function toAuditExportLine(event: ChainedEvent): AuditExportLine {
  return { stream: event.stream, ...toAuditEventResponse(event) };
}
