// A screen's read: the value once loaded, the refusal if the server said
// no, and reload() after a change the screen made. A late answer for an
// earlier address is dropped.

import { useEffect, useState } from "preact/hooks";
import { refusalOf, type Refusal } from "../../api/refusal";

export interface Loaded<T> {
  value: T | undefined;
  failure: Refusal | undefined;
  reload(): void;
  set(value: T): void;
}

export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [value, setValue] = useState<T>();
  const [failure, setFailure] = useState<Refusal>();
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    setFailure(undefined);
    load().then(
      (loaded) => live && setValue(loaded),
      (error) => live && setFailure(refusalOf(error)),
    );
    return () => {
      live = false;
    };
  }, [...deps, version]);
  return { value, failure, reload: () => setVersion((v) => v + 1), set: setValue };
}
