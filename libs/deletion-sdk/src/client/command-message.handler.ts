import type { KafkaMessage } from 'kafkajs';
import type { DeadLetterReason } from '../protocol/dead-letter';
import { headerValue, MessageVerifier, TRACEPARENT_HEADER } from '../protocol/signing';
import type { CommandProcessor } from '../core/command-processor';
import type { VerificationProcessor } from '../core/verification-processor';
import { decodeCommand } from './command-decoding';
import type { MessagePublisher } from './message-publisher';

/** One consumed command message and where it was read. */
export interface ConsumedCommand {
  topic: string;
  partition: number;
  message: KafkaMessage;
}

export interface CommandMessageHandlerDeps {
  /** Checks the coordinator's Ed25519 signature over topic, key and value. */
  verifier: MessageVerifier;
  processor: CommandProcessor;
  verifications: VerificationProcessor;
  publisher: MessagePublisher;
  /** Where results go: `lethe.erasure.results` under the client's topic prefix. */
  resultsTopic: string;
  /** Where verification results go: `lethe.erasure.verifications` under the client's topic prefix. */
  verificationsTopic: string;
}

/**
 * Takes one consumed command message to its end: a published result or a dead letter. Anything that prevents that
 * (Kafka unavailable, a failing idempotency store) is thrown, so the message is not committed unanswered; the
 * offset itself is committed by the PartitionWorkScheduler, which knows what else is still in hand.
 */
export class CommandMessageHandler {
  constructor(private readonly deps: CommandMessageHandlerDeps) {}

  async handle({ topic, partition, message }: ConsumedCommand): Promise<void> {
    const { verifier, processor, verifications, publisher } = this.deps;
    const deadLetter = async (reason: DeadLetterReason) => {
      await publisher.deadLetter({ topic, partition, ...message }, reason);
    };
    const decoded = decodeCommand({ topic, ...message }, verifier);
    if (!decoded.ok) return await deadLetter(decoded.reason);
    const { command } = decoded;
    const traceparent = headerValue(message.headers, TRACEPARENT_HEADER);
    // One topic, two kinds of command: an erasure, or a later check that it held.
    const disposition =
      command.type === 'erasure.verify'
        ? await verifications.process(command)
        : await processor.process(command);
    if (disposition.kind === 'rejected') {
      const { code, reason } = disposition.rejection;
      return await deadLetter({ code, message: reason });
    }
    const replyTopic =
      disposition.kind === 'verified' ? this.deps.verificationsTopic : this.deps.resultsTopic;
    await publisher.publish(replyTopic, command.requestId, disposition.result, traceparent);
  }
}
