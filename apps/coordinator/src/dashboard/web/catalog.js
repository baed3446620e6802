// @ts-check
/**
 * The coordinator's vocabulary, read once from GET /v1/meta after sign-in: statuses and their labels, the
 * regulations and their extension rules. The dashboard spells none of them itself, so a status or rule the
 * coordinator adds or changes shows up here as it is.
 */

/**
 * @typedef {{regulation: string, times: number, maxFurtherDays: number | null, maxFurtherMonths: number | null,
 *   maxDaysFromReceipt: number | null, maxMonthsFromReceipt: number | null, noticeWithinDays: number | null,
 *   noticeWithinMonths: number | null, summary: string}} ExtensionRule
 * @typedef {{regulation: string, label: string, law: string, extension: ExtensionRule}} RegulationInfo
 * @typedef {{requestStatuses: {status: string, label: string, open: boolean}[],
 *   taskStatuses: {status: string, label: string, done: boolean, terminal: boolean}[],
 *   serviceStates: {state: string, label: string}[], regulations: RegulationInfo[],
 *   extensionDays: {min: number, max: number}}} Meta
 */

/** @type {Meta} */
let meta = {
  requestStatuses: [],
  taskStatuses: [],
  serviceStates: [],
  regulations: [],
  extensionDays: { min: 1, max: 1 },
};
/** @type {Map<string, string>} */
let labels = new Map();

/** @param {Meta} next what GET /v1/meta answered */
export function useCatalog(next) {
  meta = next;
  // request and task statuses share names (`cancelled`) and labels; service states are read the same way
  labels = new Map([
    ...next.taskStatuses.map((entry) => /** @type {[string, string]} */ ([entry.status, entry.label])),
    ...next.requestStatuses.map((entry) => /** @type {[string, string]} */ ([entry.status, entry.label])),
    ...next.serviceStates.map((entry) => /** @type {[string, string]} */ ([entry.state, entry.label])),
  ]);
}

/** A status's label, or the status itself when the coordinator has not named it. @param {string} status */
export function labelOf(status) {
  return labels.get(status) ?? status;
}

/** Every request status, in the order they are shown. */
export function requestStatuses() {
  return meta.requestStatuses.map((entry) => entry.status);
}

/** Whether a request in this status can still change (so it can be cancelled, extended or retried). @param {string} status */
export function isOpenStatus(status) {
  return meta.requestStatuses.some((entry) => entry.status === status && entry.open);
}

/** @returns {RegulationInfo[]} */
export function regulations() {
  return meta.regulations;
}

/** @param {string} regulation @returns {RegulationInfo | undefined} */
export function regulationInfo(regulation) {
  return meta.regulations.find((entry) => entry.regulation === regulation);
}

/** The `days` the extend endpoint accepts; the law may allow fewer, and the coordinator then says why. */
export function extensionDays() {
  return meta.extensionDays;
}
