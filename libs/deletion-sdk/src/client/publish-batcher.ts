/** One record on its way to Kafka. */
export interface OutgoingRecord {
  topic: string;
  key: string | null;
  value: Buffer | string;
  headers: Record<string, string>;
}

export interface PublishBatcherDeps {
  /** Sends every record in one produce request and resolves once the brokers acknowledged all of them. */
  send: (records: OutgoingRecord[]) => Promise<void>;
  /** How long the first record of a batch waits for more. */
  lingerMs: number;
  /** A batch this large is sent at once. */
  maxBatchSize: number;
}

interface Waiting {
  record: OutgoingRecord;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Gathers the records published within `lingerMs` of each other (up to `maxBatchSize`) into one send, so a batch
 * of commands answered concurrently costs one produce round trip instead of one each. Every caller's promise
 * settles with its batch's acknowledgement: a record is never reported published before the brokers have it, and
 * a failed send fails every record in it, so none of their offsets is committed.
 */
export class PublishBatcher {
  private waiting: Waiting[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly deps: PublishBatcherDeps) {}

  publish(record: OutgoingRecord): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ record, resolve, reject });
      if (this.waiting.length >= this.deps.maxBatchSize) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.deps.lingerMs);
    });
  }

  /** Sends what is waiting now, without lingering. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.waiting;
    if (batch.length === 0) return;
    this.waiting = [];
    let sending: Promise<void>;
    try {
      sending = this.deps.send(batch.map((entry) => entry.record));
    } catch (err) {
      sending = Promise.reject(err);
    }
    sending.then(
      () => batch.forEach((entry) => entry.resolve()),
      (err: unknown) => batch.forEach((entry) => entry.reject(err)),
    );
  }
}
