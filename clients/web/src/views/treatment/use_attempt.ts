// The request_id of the attempt a person is making: the same id when they
// press the button again after a network failure (the server then does it
// once), a new one once they have changed what they are sending.
//
//   const attempt = useAttempt();
//   onInput={(e) => attempt.edit(setNotes)(e.currentTarget.value)}
//   save.run(() => api.x({ ..., requestId: attempt.id() }))

import { useRef } from "preact/hooks";
import { newRequestId } from "../../api/clients";

export interface Attempt {
  id(): string;
  changed(): void;
  // A state setter that also starts a new attempt.
  edit<T>(set: (value: T) => void): (value: T) => void;
}

export function useAttempt(): Attempt {
  const current = useRef<string>();
  const changed = () => {
    current.current = undefined;
  };
  return {
    id: () => (current.current ??= newRequestId()),
    changed,
    edit: (set) => (value) => {
      changed();
      set(value);
    },
  };
}
