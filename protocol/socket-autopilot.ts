// The chapter autopilot's socket events (joined into CLIENT_EVENTS in socket.ts). The server pushes
// the whole state of an autopilot on every change to every signed-in tab (`autopilot:state`); a
// tab that reloads asks `autopilot:list` and gets every autopilot back, so progress survives a
// reload. A step's output and its sudo prompt travel as today's runs do: attach to the item's
// `runId` with run:attach and answer with run:secret.
import {
  AutopilotAnswerSchema,
  AutopilotRefSchema,
  AutopilotRequestSchema,
  type AutopilotPlan,
  type AutopilotStartReply,
  type AutopilotState,
} from './autopilot';
import { request } from './socket-contract';

export const AUTOPILOT_EVENTS = {
  /** Plan a chapter without running anything: the order, the tabs, each value and its source, what will be asked. */
  'autopilot:plan': request<AutopilotPlan>()(AutopilotRequestSchema),
  /** Run a chapter, or join its autopilot in progress (one per chapter at a time: `joined` says so). */
  'autopilot:start': request<AutopilotStartReply>()(AutopilotRequestSchema),
  /** Values for the parameters it waits for (`waiting.kind: 'params'`); a refused value is asked again with its problem. */
  'autopilot:answer': request<AutopilotState>()(AutopilotAnswerSchema),
  /** The reader did the manual step (`waiting.kind: 'manual'`): go on with the next item. */
  'autopilot:continue': request<AutopilotState>()(AutopilotRefSchema),
  /** Stop: cancels the running step's run; the items left stay pending. */
  'autopilot:cancel': request<AutopilotState>()(AutopilotRefSchema),
  /** Every autopilot the server knows (running ones and the recently ended), oldest first: a reload's replay. */
  'autopilot:list': request<readonly AutopilotState[]>()(null),
} as const;

export interface AutopilotServerEvents {
  /** The whole state of one autopilot after a change; keep the one with the highest `seq` per `autopilotId`. */
  'autopilot:state': (msg: AutopilotState) => void;
}
