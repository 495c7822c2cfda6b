import { START_COMMAND, STATIC_NOTE } from './static-mode';

export function StaticNote() {
  return (
    <p className="static-note">
      {STATIC_NOTE} <code>{START_COMMAND}</code>
    </p>
  );
}
