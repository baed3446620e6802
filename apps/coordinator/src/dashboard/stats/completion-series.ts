/** Day-bucket arithmetic for the dashboard's statistics. Pure: no I/O, no Nest. Days are UTC calendar days. */

const DAY_MS = 24 * 60 * 60 * 1000;

export interface DailyCount {
  /** `YYYY-MM-DD`, UTC. */
  date: string;
  count: number;
}

/** Midnight UTC of the first day of a window of `days` calendar days that ends with (and includes) today. */
export function windowStart(now: Date, days: number): Date {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(today - (days - 1) * DAY_MS);
}

/** One entry per day of the window, oldest first, with zero for days that had nothing. */
export function dailySeries(counts: readonly DailyCount[], now: Date, days: number): DailyCount[] {
  const byDate = new Map(counts.map((entry) => [entry.date, entry.count]));
  const start = windowStart(now, days).getTime();
  return Array.from({ length: days }, (_, index) => {
    const date = new Date(start + index * DAY_MS).toISOString().slice(0, 10);
    return { date, count: byDate.get(date) ?? 0 };
  });
}

/** succeeded / (succeeded + failed), or null when nothing settled. */
export function successRate(succeeded: number, failed: number): number | null {
  const settled = succeeded + failed;
  return settled === 0 ? null : succeeded / settled;
}
