/** Drops keys whose value is undefined, so `{ ...defaults, ...stripUndefined(options) }` keeps the defaults. */
export function stripUndefined<T extends object>(value: T | undefined): Partial<T> {
  if (!value) return {};
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}
