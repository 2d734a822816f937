import { useState, type FormEvent } from 'react';

export interface FormAction {
  /** What the last attempt threw, for `<ErrorNote>`; cleared when the next one starts. */
  error: unknown;
  setError: (error: unknown) => void;
  busy: boolean;
  /** Clears the last error, runs `work` and keeps whatever it throws. */
  run: (work: () => Promise<unknown>) => Promise<void>;
  /** A form's `onSubmit`: stops the browser's own submit, then `run`s `work`. */
  submit: (work: () => Promise<unknown>) => (event: FormEvent) => void;
}

export function useFormAction(): FormAction {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const submit = (work: () => Promise<unknown>) => (event: FormEvent) => {
    event.preventDefault();
    void run(work);
  };
  return { error, setError, busy, run, submit };
}
