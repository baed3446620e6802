/**
 * Which changes the live feed has already passed on, so a poll of "what changed since t" neither misses nor
 * repeats them. Pure: the feed asks where to read from, reads, and hands the rows back.
 *
 * Rows are versioned by the time of their last change (written by whichever replica made it, inside its
 * transaction). A transaction can commit after a poll has already read past its version, and replicas' clocks
 * differ a little, so each poll reads again from `overlapMs` before the newest version seen and drops what it has
 * passed on already. When a page comes back full, the next read continues exactly after its last row instead
 * (keyset), so a burst larger than a page is read through rather than re-read.
 */
export interface VersionedChange {
  id: string;
  version: Date;
}

export interface ReadPosition {
  /** Read changes whose (version, id) is after (since, afterId). */
  since: Date;
  afterId: string;
}

export const MIN_UUID = '00000000-0000-0000-0000-000000000000';

export class ChangeWindow {
  private newest: number;
  private continueAfter: ReadPosition | undefined;
  /** `id@version` of what was passed on recently, with the version in ms, for dropping repeats. */
  private readonly passedOn = new Map<string, number>();

  constructor(
    start: Date,
    private readonly overlapMs: number,
    readonly pageSize: number,
  ) {
    this.newest = start.getTime();
  }

  nextRead(): ReadPosition {
    return this.continueAfter ?? { since: new Date(this.newest - this.overlapMs), afterId: MIN_UUID };
  }

  /** Takes one page as read from `nextRead()`, ordered by (version, id); returns the rows not passed on before. */
  accept<T extends VersionedChange>(page: readonly T[]): T[] {
    const fresh = page.filter((row) => !this.passedOn.has(keyOf(row)));
    for (const row of fresh) this.passedOn.set(keyOf(row), row.version.getTime());
    const last = page[page.length - 1];
    if (last) this.newest = Math.max(this.newest, last.version.getTime());
    this.continueAfter =
      last && page.length >= this.pageSize ? { since: last.version, afterId: last.id } : undefined;
    const forgetBefore = this.newest - this.overlapMs;
    for (const [key, version] of this.passedOn) if (version < forgetBefore) this.passedOn.delete(key);
    return fresh;
  }

  /** True while a full page was just read, so the next read should follow at once. */
  get behind(): boolean {
    return this.continueAfter !== undefined;
  }
}

function keyOf(change: VersionedChange): string {
  return `${change.id}@${change.version.getTime()}`;
}
