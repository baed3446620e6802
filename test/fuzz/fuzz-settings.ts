/**
 * Seeds and sizes of the property-based bad-input suites. Every run uses a fixed seed unless LETHE_FUZZ_SEED
 * says otherwise, and prints it, so a failure is reproduced with `LETHE_FUZZ_SEED=<seed> npx jest <spec>`.
 * LETHE_FUZZ_SCALE multiplies the number of cases (e.g. 10 for a long soak; the default keeps npm test fast).
 */
export const DEFAULT_FUZZ_SEED = 20_270_901;

export function fuzzSeed(suite: string): number {
  const raw = process.env.LETHE_FUZZ_SEED;
  const seed = raw === undefined || raw.trim() === '' ? DEFAULT_FUZZ_SEED : Number(raw);
  if (!Number.isSafeInteger(seed)) throw new Error(`LETHE_FUZZ_SEED must be an integer (got "${raw}")`);
  process.stdout.write(`[fuzz] ${suite}: seed ${seed} (reproduce with LETHE_FUZZ_SEED=${seed})\n`);
  return seed;
}

export function fuzzRuns(cases: number): number {
  const raw = process.env.LETHE_FUZZ_SCALE;
  const scale = raw === undefined || raw.trim() === '' ? 1 : Number(raw);
  if (!(scale > 0)) throw new Error(`LETHE_FUZZ_SCALE must be a positive number (got "${raw}")`);
  return Math.max(1, Math.round(cases * scale));
}
