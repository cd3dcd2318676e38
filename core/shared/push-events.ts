/**
 * (core/shared/: the renderer may import this.) Every event the doors push to the renderer, by name,
 * with its payload: the one map from which the Electron preload's and the browser-mode client's
 * `on(name, cb)` are typed. An event travels as `{ type: name, ...payload }`: over IPC on the
 * `caseflow:event` channel, in browser mode as a `data:` line of GET /api/events.
 */

/** What a handler or a job reports through ctx.progress (core/context.ts). */
export interface Progress {
  /** What is being done, in Chinese: 读取, 校验, 写入, 运行监控规则… */
  phase: string;
  /** How many units of `total` are done in this phase (cases, rows, files). */
  done?: number;
  total?: number;
  /** More detail, in Chinese (the file being read…). */
  message?: string;
}

export interface PushEvents {
  /**
   * Progress of one call: `requestId` is the id its caller sent with the invoke (a screen shows only the
   * progress of its own request), or of the scheduler's own runs (`requestId: null`).
   */
  progress: Progress & ({ requestId: string; handler: string } | { requestId: null; source: 'scheduler' });
  /** A handler changed data: screens showing data reload it. */
  changed: { handler: string };
  /** The desktop scheduler (the app and browser mode): its log lines, its result, its errors. */
  job: { phase: 'log' | 'error'; message: string } | { phase: 'done'; result: unknown };
}

export type PushEventName = keyof PushEvents;

/** An event as it travels: `{ type: name, ...payload }`; PushEvent (no argument) is any of them. */
export type PushEvent<N extends PushEventName = PushEventName> = { [K in N]: { type: K } & PushEvents[K] }[N];

/** What `on(name, cb)` hands to cb: one event type, or every event for '*'. */
export type PushEventOf<N extends PushEventName | '*'> = N extends PushEventName ? PushEvent<N> : PushEvent;

/** The ids a caller may give its invoke (the doors make up one for a call that brings none). */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

export function isRequestId(v: unknown): v is string {
  return typeof v === 'string' && REQUEST_ID_PATTERN.test(v);
}
