/**
 * Erasures that hang: a handler call for one of these people waits, ignoring its abort signal, until the list is
 * replaced — a handler stuck on a lock or a dead connection, which only the SDK's handler timeout can answer.
 */
export class HungErasures {
  private emails = new Set<string>();
  private release = () => {};
  private released = Promise.resolve();

  /** Replaces the list; calls held by the old one go on. */
  hang(emails: string[]): number {
    this.release();
    this.emails = new Set(emails.map((email) => email.trim().toLowerCase()));
    this.released = new Promise<void>((resolve) => (this.release = resolve));
    return this.emails.size;
  }

  /** Resolves at once unless the call concerns a hung person; then only when the list is replaced. */
  async wait(emails: string[]): Promise<void> {
    if (emails.some((email) => this.emails.has(email.toLowerCase()))) await this.released;
  }
}
