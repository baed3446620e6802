import { Injectable } from '@nestjs/common';
import { toAuditExportLine } from './audit-event.mapper';
import { keysetPages } from './keyset';
import { LEDGER_PAGE_SIZE } from './ledger.constants';
import { ExportFilter, ExportPosition, ExportRow, LedgerRepository } from './ledger.repository';

@Injectable()
export class LedgerExportService {
  constructor(private readonly ledger: LedgerRepository) {}

  /**
   * The ledger as JSON Lines, one chunk per page. Pages are fetched only as the consumer pulls, so a slow client
   * holds back the reads (backpressure) and memory stays at one page, however large the ledger.
   */
  async *jsonLines(filter: ExportFilter): AsyncGenerator<string> {
    const pages = keysetPages<ExportRow, ExportPosition>(
      (after, limit) => this.ledger.exportRows(filter, after, limit),
      (row) => row.position,
      LEDGER_PAGE_SIZE,
    );
    for await (const page of pages) {
      yield page.map((row) => `${JSON.stringify(toAuditExportLine(row))}\n`).join('');
    }
  }
}
