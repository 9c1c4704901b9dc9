// The line under a run's controls that says why the run stopped or failed, read out when it
// appears; nothing while there is nothing to say.

export function RunMessage({ message }: { readonly message: string | null }) {
  return message ? (
    <p className="run-message" role="alert">
      {message}
    </p>
  ) : null;
}
