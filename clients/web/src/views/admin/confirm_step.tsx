// A change that cannot be undone asks once more, in words that say what
// will happen, before it is sent.

import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";

export interface ConfirmStepProps {
  // The button that starts: "Deactivate…".
  start: string;
  // The button that does it: "Deactivate Dana Desk".
  confirm: string;
  // What will happen.
  children: ComponentChildren;
  busy: boolean;
  onConfirm(): void;
}

export function ConfirmStep({ start, confirm, children, busy, onConfirm }: ConfirmStepProps) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" class="secondary" onClick={() => setAsking(true)}>
        {start}
      </button>
    );
  }
  return (
    <div class="confirm-step">
      <div>{children}</div>
      <button type="button" class="danger" aria-busy={busy} disabled={busy} onClick={onConfirm}>
        {confirm}
      </button>
      <button type="button" class="secondary" disabled={busy} onClick={() => setAsking(false)}>
        Keep as it is
      </button>
    </div>
  );
}
