// The life of one change a person asks for: busy while it runs (so the
// button cannot send it twice), the refusal if the server says no, cleared
// on the next attempt.
//
//   const save = useAction();
//   <button disabled={save.busy} onClick={() => save.run(() => api.x(...))}>
//   <RefusalNotice refusal={save.refusal} />

import { useCallback, useRef, useState } from "preact/hooks";
import { refusalOf, type Refusal } from "../api/refusal";

export interface Action {
  busy: boolean;
  refusal: Refusal | undefined;
  // Runs `work`; resolves to its result, or undefined when refused.
  run<T>(work: () => Promise<T>): Promise<T | undefined>;
  clear(): void;
}

export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Refusal>();
  const running = useRef(false);
  const run = useCallback(async <T,>(work: () => Promise<T>) => {
    if (running.current) return undefined;
    running.current = true;
    setBusy(true);
    setRefusal(undefined);
    try {
      return await work();
    } catch (error) {
      setRefusal(refusalOf(error));
      return undefined;
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);
  const clear = useCallback(() => setRefusal(undefined), []);
  return { busy, refusal, run, clear };
}
