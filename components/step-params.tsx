'use client';
// Inputs for a step's declared parameters. Values are checked by the server (protocol/params.ts)
// and reach the command only as ONRAMP_<NAME> environment variables.
import type { ParamDecl } from '../protocol/params';

export interface StepParamsProps {
  readonly stepId: string;
  readonly params: readonly ParamDecl[];
  readonly values: Readonly<Record<string, string>>;
  readonly disabled: boolean;
  readonly onChange: (values: Record<string, string>) => void;
}

const KIND_HINTS: Record<ParamDecl['kind'], string> = {
  path: 'a file system path',
  ifname: 'a network interface name',
  host: 'a host name or IP address',
  name: 'a lowercase name',
  int: 'a whole number',
  text: 'text',
};

export function StepParams({ stepId, params, values, disabled, onChange }: StepParamsProps) {
  if (params.length === 0) return null;
  return (
    <fieldset className="step-params" disabled={disabled}>
      <legend>Parameters</legend>
      {params.map((p) => {
        const id = `param-${stepId}-${p.name}`;
        return (
          <div className="param" key={p.name}>
            <label htmlFor={id}>
              <code>{p.name}</code>{' '}
              <span className="param-hint">
                {KIND_HINTS[p.kind]}
                {p.default === undefined ? ', required' : ''}
              </span>
            </label>
            <input
              id={id}
              name={p.name}
              data-testid={id}
              value={values[p.name] ?? ''}
              required={p.default === undefined}
              inputMode={p.kind === 'int' ? 'numeric' : undefined}
              spellCheck={false}
              autoComplete="off"
              onChange={(e) => onChange({ ...values, [p.name]: e.target.value })}
            />
          </div>
        );
      })}
    </fieldset>
  );
}
