// A secret the server gives once and never again (an API key, a temporary
// password, a setup link): shown in full, selectable, with a copy button,
// and a plain warning that it cannot be shown again.

import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";

export interface ShownOnceProps {
  // What the secret is: "API key", "Setup link".
  label: string;
  secret: string;
  // What to do with it, when it stops working.
  children?: ComponentChildren;
  onDone(): void;
}

export function ShownOnce({ label, secret, children, onDone }: ShownOnceProps) {
  const [copied, setCopied] = useState<"yes" | "no" | undefined>();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied("yes");
    } catch {
      // Plain-HTTP pages have no clipboard API: the text stays selectable.
      setCopied("no");
    }
  };
  return (
    <article class="shown-once" aria-label={label}>
      <p>
        <strong>{label}, shown this once.</strong> Copy it now: the server keeps only a hash and
        cannot show it again.
      </p>
      <label>
        {label}
        <input
          type="text"
          readOnly
          value={secret}
          class="secret"
          onFocus={(e) => e.currentTarget.select()}
        />
      </label>
      {children}
      <div class="actions">
        <button type="button" onClick={copy}>
          Copy
        </button>
        <button type="button" class="secondary" onClick={onDone}>
          Done, hide it
        </button>
        <span role="status">
          {copied === "yes" && "Copied."}
          {copied === "no" && "This browser would not copy it: select the text and copy it."}
        </span>
      </div>
    </article>
  );
}
