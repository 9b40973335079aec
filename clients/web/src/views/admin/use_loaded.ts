// What a screen reads when it opens (and again after a change): the value
// once it came, or the refusal, and a way to read it again.

import { useCallback, useEffect, useState } from "preact/hooks";
import { refusalOf, type Refusal } from "../../api/refusal";

export interface Loaded<T> {
  value: T | undefined;
  failure: Refusal | undefined;
  reload(): void;
}

// `read` is called again whenever one of `deps` changes.
export function useLoaded<T>(read: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [value, setValue] = useState<T>();
  const [failure, setFailure] = useState<Refusal>();
  const reload = useCallback(() => {
    read().then(
      (answer) => {
        setValue(answer);
        setFailure(undefined);
      },
      (error) => setFailure(refusalOf(error)),
    );
  }, deps);
  useEffect(reload, [reload]);
  return { value, failure, reload };
}
