import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, QueryFailedError } from 'typeorm';
import { Clock } from '../common/clock';
import { CoordinatorConfig } from '../config/coordinator-config';
import { RandomPool, sealPayload } from '../crypto/identity-vault';
import { KeyRing } from '../crypto/key-ring';
import { Regulation } from '../deadlines/deadline-policy';
import { LedgerRepository } from '../ledger/ledger.repository';
import { RegistryService } from '../registry/registry.service';
import { identityHashType } from '../requests/identity-normalizer';
import { BulkJobRepository, SpooledLine } from './bulk-job.repository';
import { CsvColumn, parseCsvHeader, validateBulkRecord, ValidatedLine } from './bulk-line-validation';
import { bulkRecords, BulkFormat, ByteSource } from './bulk-record-reader';
import { bulkStream } from './bulk-stream';
import { BulkWorker } from './bulk-worker';
import { BulkErrorCode, BulkException } from './bulk.exception';

export interface BulkUpload {
  format: BulkFormat;
  regulation: Regulation;
  dryRun: boolean;
}

/**
 * Receives a bulk upload as a stream and spools it into bulk_lines, batch by batch, as it arrives: each line is
 * validated, and an accepted line is stored only with its identities sealed and hashed, exactly as a request
 * keeps them, so the spool is no plain-text copy of the list. Memory holds one batch, never the file. Requests
 * are created afterwards by the BulkWorker; an upload that fails half-way is deleted whole, so it creates none.
 */
@Injectable()
export class BulkIntakeService {
  private readonly logger = new Logger(BulkIntakeService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: BulkJobRepository,
    private readonly registry: RegistryService,
    private readonly ledger: LedgerRepository,
    private readonly keys: KeyRing,
    private readonly clock: Clock,
    private readonly config: CoordinatorConfig,
    private readonly worker: BulkWorker,
  ) {}

  /** Stores the whole upload and returns the job id; the requests follow in the background. */
  async receive(source: ByteSource, upload: BulkUpload, actor: string): Promise<string> {
    if ((await this.registry.activeServiceNames(this.dataSource.manager)).length === 0) {
      throw new BulkException(
        BulkErrorCode.NoServicesRegistered,
        'no services are registered, so there is nothing to erase from; start a service with the deletion SDK first',
      );
    }
    const id = randomUUID();
    await this.jobs.create({ id, ...upload, createdBy: actor }, this.clock.now());
    try {
      const counts = await this.spool(id, source, upload.format);
      const now = this.clock.now();
      await this.dataSource.transaction(async (manager) => {
        await this.jobs.markReceived(id, now);
        await this.ledger.append(
          manager,
          bulkStream(id),
          [{ type: 'bulk.received', actor, data: { ...upload, ...counts } }],
          now,
        );
      });
    } catch (error) {
      // a refused upload is the client's to fix and leaves no trace; a broken one stays visible as aborted
      if (error instanceof BulkException) {
        await this.jobs.discard(id);
        this.logger.debug(`bulk upload ${id} refused: ${error.code}`);
      } else {
        await this.jobs.abort(id, reasonOf(error), this.clock.now());
        this.logger.warn(`bulk upload ${id} aborted: ${reasonOf(error)}`);
      }
      if (error instanceof BulkException || error instanceof QueryFailedError) throw error;
      throw new BulkException(
        BulkErrorCode.UploadInterrupted,
        'the upload broke off before its end; nothing of it was kept, send it again',
        true,
        { cause: error },
      );
    }
    this.worker.nudge();
    return id;
  }

  private async spool(
    jobId: string,
    source: ByteSource,
    format: BulkFormat,
  ): Promise<{ linesRead: number; accepted: number; rejected: number }> {
    const { batchSize, maxLines, maxLineChars } = this.config.bulk;
    let columns: CsvColumn[] | undefined;
    let batch: SpooledLine[] = [];
    const counts = { linesRead: 0, accepted: 0, rejected: 0 };
    const random = new RandomPool();
    for await (const record of bulkRecords(format, source, maxLineChars)) {
      if (format === 'csv' && !columns) {
        const header =
          'fields' in record ? parseCsvHeader(record.fields) : { error: 'CSV header is unreadable' };
        if ('error' in header) throw new BulkException(BulkErrorCode.InvalidHeader, header.error);
        columns = header.columns;
        continue;
      }
      counts.linesRead += 1;
      if (counts.linesRead > maxLines) {
        throw new BulkException(
          BulkErrorCode.TooManyLines,
          `an upload may hold at most ${maxLines} lines (LETHE_BULK_MAX_LINES); split the list`,
        );
      }
      const line = this.toSpooled(record.line, validateBulkRecord(record, columns), random);
      counts[line.state === 'pending' ? 'accepted' : 'rejected'] += 1;
      batch.push(line);
      if (batch.length >= batchSize) {
        await this.jobs.spool(jobId, batch, this.clock.now());
        batch = [];
      }
    }
    await this.jobs.spool(jobId, batch, this.clock.now());
    if (counts.linesRead === 0) {
      throw new BulkException(BulkErrorCode.EmptyUpload, 'the upload holds no line to process');
    }
    return counts;
  }

  private toSpooled(lineNo: number, validated: ValidatedLine, random: RandomPool): SpooledLine {
    if (!validated.ok) return { lineNo, state: 'rejected', reason: validated.reason };
    // a data key per line, as per request (crypto-shredding one request must not touch another's identities)
    const sealed = sealPayload(
      this.keys.dataKeyWrappingKey,
      { identities: validated.identities },
      random.take,
    );
    return {
      lineNo,
      state: 'pending',
      externalId: validated.externalId,
      identityHashes: validated.identities.map((identity) => ({
        type: identity.type,
        hash: this.keys.hashIdentity(identityHashType(identity), identity.value),
      })),
      sealedIdentities: sealed.ciphertext,
      wrappedDataKey: sealed.wrappedDataKey,
    };
  }
}

/** A reason fit to store: only the kind of failure, never a message text (which could quote the upload). */
function reasonOf(error: unknown): string {
  if (error instanceof QueryFailedError) return 'database error';
  return 'upload interrupted';
}
