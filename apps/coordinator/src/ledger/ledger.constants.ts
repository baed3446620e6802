/** Rows read per query when scanning the whole ledger (verification, export): bounds memory, not throughput. */
export const LEDGER_PAGE_SIZE = 1000;

/** Breaks listed by a whole-ledger verification; all are counted, but a wholesale rewrite should not be echoed. */
export const MAX_REPORTED_BREAKS = 100;
