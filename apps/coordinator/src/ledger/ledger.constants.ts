/** Rows read per query when scanning the whole ledger (verification, export): bounds memory, not throughput. */
export const LEDGER_PAGE_SIZE = 1000;

/** Breaks listed by a whole-ledger verification; all are counted, but a wholesale rewrite should not be echoed. */
export const MAX_REPORTED_BREAKS = 100;

/** Rows per query of a whole-ledger verification: a larger page halves the round trips of LEDGER_PAGE_SIZE. */
export const VERIFY_PAGE_SIZE = 5000;

/**
 * Stream ranges a whole-ledger verification scans at once when it runs in the event-loop thread
 * (LETHE_LEDGER_VERIFY_WORKERS=0), each on its own pooled connection: PostgreSQL reads and sends the next pages
 * while this process hashes. Memory: two pages per range. With workers, there is one range per worker.
 */
export const VERIFY_PARALLELISM = 4;
