/** The audit stream of one bulk job: when its upload was stored and when every line had its request. */
export const bulkStream = (jobId: string): string => `bulk:${jobId}`;
