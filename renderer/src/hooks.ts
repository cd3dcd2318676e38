import { useCallback, useEffect, useRef, useState } from 'react';
import {
  errorText,
  invoke,
  newRequestId,
  on,
  type HandlerName,
  type HandlerResult,
  type InvokeOptions,
  type PayloadArg,
} from './api';

/** Loads a handler's result; `reload()` fetches again. Errors are kept as Chinese text. */
export function useInvoke<N extends HandlerName>(name: N, ...args: [...PayloadArg<N>, deps?: unknown[]]) {
  const payload = args[0] ?? {};
  const deps = (args[1] ?? []) as unknown[];
  const [data, setData] = useState<HandlerResult<N> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const seq = useRef(0);
  const key = JSON.stringify(payload);
  const reload = useCallback(async () => {
    const my = ++seq.current;
    setLoading(true);
    try {
      const r = await invoke(name, ...([JSON.parse(key)] as PayloadArg<N>));
      if (my === seq.current) {
        setData(r);
        setError(null);
      }
    } catch (e) {
      if (my === seq.current) setError(errorText(e));
    } finally {
      if (my === seq.current) setLoading(false);
    }
  }, [name, key, ...deps]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, loading, reload, setData };
}

/**
 * Runs a long action: busy flag, Chinese error text, success message. Each run gets a fresh requestId:
 * `fn` receives `{ requestId }` to hand to invokeWith, and `<ProgressLine requestId={act.requestId}>`
 * shows that call's progress only.
 */
export function useAction() {
  const [busy, setBusy] = useState<string | null>(null);
  const [requestId, setRequestId] = useState<string | null>(null);
  const [msg, setMsg] = useState<{ kind: 'error' | 'ok' | 'info' | 'warn'; text: string } | null>(null);
  const run = useCallback(
    async <R>(
      label: string,
      fn: (opts: Required<InvokeOptions>) => Promise<R>,
      ok?: (r: R) => string | null,
    ): Promise<R | undefined> => {
      const id = newRequestId();
      setBusy(label);
      setRequestId(id);
      setMsg(null);
      try {
        const r = await fn({ requestId: id });
        const text = ok ? ok(r) : null;
        if (text) setMsg({ kind: 'ok', text });
        return r;
      } catch (e) {
        setMsg({ kind: 'error', text: errorText(e) });
        return undefined;
      } finally {
        setBusy(null);
        setRequestId(null);
      }
    },
    [],
  );
  return { busy, requestId, msg, setMsg, run };
}

/** Calls `fn` (debounced) when data changed elsewhere: another window, the scheduler, a job run. */
export function useOnChanged(fn: () => void, ms = 800) {
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => {
    let t: ReturnType<typeof setTimeout> | null = null;
    const off = on('*', (e) => {
      if (e.type !== 'changed' && e.type !== 'job') return;
      if (t) clearTimeout(t);
      t = setTimeout(() => ref.current(), ms);
    });
    return () => {
      off();
      if (t) clearTimeout(t);
    };
  }, [ms]);
}
