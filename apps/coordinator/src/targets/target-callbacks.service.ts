import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Clock } from '../common/clock';
import { CoordinatorConfig } from '../config/coordinator-config';
import { openDsrAnswer } from './opendsr-answer';
import { OPENDSR_SIGNATURE_HEADERS, OpenDsrClient, verifiesBody } from './opendsr-client';
import { parseTargetAnswer, TargetAnswer } from './target-answer';
import { TargetOutcomes } from './target-outcomes.service';
import { TargetEndpoint, TargetRepository } from './target-repository';
import { SIGNATURE_HEADER, signatureProblem, TIMESTAMP_HEADER } from './target-signing';
import { TargetErrorCode, TargetException } from './targets.exception';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CALLBACK_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * A target's later report. Verified before anything is read from it (webhook: HMAC over timestamp and body, within
 * the window; OpenDSR: the processor's signature under the certificate found at discovery), then refused if its id
 * was seen before (webhook: its `id`; OpenDSR, whose callbacks carry none: the hash of the signed body).
 */
@Injectable()
export class TargetCallbacks {
  constructor(
    private readonly targets: TargetRepository,
    private readonly outcomes: TargetOutcomes,
    private readonly opendsr: OpenDsrClient,
    private readonly config: CoordinatorConfig,
    private readonly clock: Clock,
  ) {}

  async receive(
    name: string,
    raw: Buffer,
    headers: Record<string, string | string[] | undefined>,
  ): Promise<{ taskId: string }> {
    const endpoint = await this.targets.findEndpoint(name);
    // the same answer as a bad signature: a caller learns nothing about which targets exist
    if (!endpoint) throw forged('the callback is not signed by a registered target');
    const text = raw.toString('utf8');
    const now = this.clock.now();
    const { callbackId, taskId, attempt, answer } =
      endpoint.kind === 'webhook'
        ? this.webhook(endpoint, text, headers, now)
        : this.openDsr(endpoint, text, headers, now);
    const task = await this.targets.taskOf(endpoint.name, taskId);
    if (!task)
      throw new TargetException(TargetErrorCode.TaskNotFound, `target ${name} has no task ${taskId}`);
    if (!(await this.targets.markSeen(endpoint.name, callbackId, now))) {
      throw new TargetException(
        TargetErrorCode.Replayed,
        `callback ${callbackId} was received before; it is not applied twice`,
      );
    }
    await this.outcomes.apply(
      { requestId: task.requestId, taskId, service: endpoint.name, attempt: attempt ?? task.attempts },
      endpoint.kind,
      answer,
      `target:${endpoint.name}`,
    );
    return { taskId };
  }

  private webhook(
    endpoint: TargetEndpoint,
    text: string,
    headers: Record<string, string | string[] | undefined>,
    now: Date,
  ) {
    const problem = signatureProblem(
      endpoint.secret ?? '',
      header(headers, TIMESTAMP_HEADER),
      header(headers, SIGNATURE_HEADER),
      text,
      now,
      this.config.targets.callbackWindowMs,
    );
    if (problem) throw forged(problem);
    const body = parse(text) as Record<string, unknown> | undefined;
    if (!body || typeof body.id !== 'string' || !CALLBACK_ID.test(body.id))
      throw invalid('id must be a string of 1-128 URL-safe characters');
    if (typeof body.taskId !== 'string' || !UUID.test(body.taskId))
      throw invalid('taskId must be the task id of the command');
    if (body.attempt !== undefined && !(Number.isInteger(body.attempt) && (body.attempt as number) >= 1)) {
      throw invalid('attempt must be a positive integer');
    }
    const answer = parseTargetAnswer(body, now, endpoint.expectedCompletionMs);
    if (answer.kind === 'invalid') throw invalid(answer.reason);
    return {
      callbackId: body.id,
      taskId: body.taskId,
      attempt: body.attempt as number | undefined,
      answer: answer as TargetAnswer,
    };
  }

  private openDsr(
    endpoint: TargetEndpoint,
    text: string,
    headers: Record<string, string | string[] | undefined>,
    now: Date,
  ) {
    const signatures = OPENDSR_SIGNATURE_HEADERS.map((name) => header(headers, name));
    if (!endpoint.processorCertificate || !verifiesBody(endpoint.processorCertificate, text, signatures)) {
      throw forged('the callback is not signed with the processor certificate');
    }
    const body = parse(text) as Record<string, unknown> | undefined;
    const taskId = body?.subject_request_id;
    if (typeof taskId !== 'string' || !UUID.test(taskId)) throw invalid('subject_request_id must be a uuid');
    const answer = openDsrAnswer(
      body,
      now,
      endpoint.expectedCompletionMs,
      this.opendsr.statusUrl(endpoint.url, taskId),
    );
    if (answer.kind === 'invalid') throw invalid(answer.reason);
    const callbackId = createHash('sha256').update(text).digest('hex');
    return { callbackId, taskId, attempt: undefined, answer: answer as TargetAnswer };
  }
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function forged(reason: string): TargetException {
  return new TargetException(TargetErrorCode.BadSignature, reason);
}

function invalid(reason: string): TargetException {
  return new TargetException(TargetErrorCode.InvalidCallback, reason);
}
