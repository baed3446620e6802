import type { DisplayState } from '../../registry/registry-rules';
import { REGULATIONS, Regulation } from '../../deadlines/deadline-policy';
import { EXTENSION_DAYS_ACCEPTED, extensionRule, ExtensionRule } from '../../deadlines/extension-rules';
import { isRequestTerminal, RequestStatus } from '../../requests/request-lifecycle';
import { isTaskDone, isTaskTerminal, TaskStatus } from '../../tasks/task-lifecycle';
import { REQUEST_STATUS_LABELS, SERVICE_STATE_LABELS, TASK_STATUS_LABELS } from './status-labels';

/**
 * What a client needs to know about the coordinator's vocabulary — statuses, regulations, the extension rules —
 * so that it never spells them again (GET /v1/meta). Pure: it depends on no caller, no configuration, no data.
 */
export interface DashboardMeta {
  requestStatuses: { status: RequestStatus; label: string; open: boolean }[];
  taskStatuses: { status: TaskStatus; label: string; done: boolean; terminal: boolean }[];
  serviceStates: { state: DisplayState; label: string }[];
  regulations: { regulation: Regulation; label: string; law: string; extension: ExtensionRule }[];
  extensionDays: { min: number; max: number };
}

const LAWS: Readonly<Record<Regulation, string>> = {
  gdpr: 'GDPR Art. 17',
  ccpa: 'CCPA §1798.105',
};

function entries<K extends string>(record: Readonly<Record<K, string>>): [K, string][] {
  return Object.entries(record) as [K, string][];
}

export function dashboardMeta(): DashboardMeta {
  return {
    requestStatuses: entries(REQUEST_STATUS_LABELS).map(([status, label]) => ({
      status,
      label,
      open: !isRequestTerminal(status),
    })),
    taskStatuses: entries(TASK_STATUS_LABELS).map(([status, label]) => ({
      status,
      label,
      done: isTaskDone(status),
      terminal: isTaskTerminal(status),
    })),
    serviceStates: entries(SERVICE_STATE_LABELS).map(([state, label]) => ({ state, label })),
    regulations: REGULATIONS.map((regulation) => ({
      regulation,
      label: regulation.toUpperCase(),
      law: LAWS[regulation],
      extension: extensionRule(regulation),
    })),
    extensionDays: { ...EXTENSION_DAYS_ACCEPTED },
  };
}
