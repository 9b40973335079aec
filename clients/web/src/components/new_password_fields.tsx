// A new password typed twice, with the mismatch said beside the second and
// the server's objections (length, e-mail, common password) beside the
// first: for choosing a password from a setup link or a temporary one.
//
//   const choice = useNewPassword();
//   <NewPasswordFields choice={choice} problems={fieldProblems(refusal, "new_password")} />
//   <button disabled={!!choice.mismatch}>

import { useState } from "preact/hooks";
import { Field } from "./field";

export interface NewPassword {
  password: string;
  repeat: string;
  setPassword(value: string): void;
  setRepeat(value: string): void;
  mismatch: string[] | undefined;
}

export function useNewPassword(): NewPassword {
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const mismatch = repeat !== "" && repeat !== password ? ["The two passwords differ."] : undefined;
  return { password, repeat, setPassword, setRepeat, mismatch };
}

export function NewPasswordFields({ choice, problems }: { choice: NewPassword; problems?: string[] }) {
  return (
    <>
      <Field label="New password" problems={problems}>
        {(control) => (
          <input {...control} type="password" autocomplete="new-password" required minLength={12}
            autoFocus value={choice.password} onInput={(e) => choice.setPassword(e.currentTarget.value)} />
        )}
      </Field>
      <Field label="New password again" problems={choice.mismatch}>
        {(control) => (
          <input {...control} type="password" autocomplete="new-password" required
            value={choice.repeat} onInput={(e) => choice.setRepeat(e.currentTarget.value)} />
        )}
      </Field>
    </>
  );
}
