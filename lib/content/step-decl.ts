// <Step id="..." target="host" params="..." root timeout="600"> + one fenced code block → a StepDecl.
import { CHECKS, isKnownCheck } from '../../protocol/check-catalog';
import { CheckIdSchema, StepIdSchema, TargetSchema } from '../../protocol/ids';
import type { StepDecl } from '../../protocol/steps';
import { isCodeLang, CODE_LANGS } from './code-languages';
import { contentErrorAt } from './content-error';
import { readLiteralProps, stringProp, type JsxElement } from './jsx-props';
import { parseParamsSpec } from './params-spec';

const STEP_PROPS = {
  id: 'string',
  target: 'string',
  params: 'string',
  root: 'flag',
  timeout: 'string',
  reboot: 'flag',
  manual: 'string',
  skipIf: 'string',
} as const;
const MAX_TIMEOUT_SEC = 24 * 60 * 60;

export function extractStep(file: string, chapter: string, element: JsxElement): StepDecl {
  const props = readLiteralProps(file, element, STEP_PROPS);
  const at = (name: string) => props.get(name)?.position ?? element.position;

  const id = stringProp(props, 'id');
  if (id === undefined) {
    throw contentErrorAt(file, element.position, '<Step> has no id; expected id="kebab-case-name", unique across all chapters');
  }
  const parsedId = StepIdSchema.safeParse(id);
  if (!parsedId.success) {
    throw contentErrorAt(file, at('id'), `<Step> id "${id}" is not valid; expected lowercase letters, digits and dashes (at most 64), e.g. "opam-install"`);
  }

  const target = stringProp(props, 'target');
  const parsedTarget = TargetSchema.safeParse(target);
  if (!parsedTarget.success) {
    const found = target === undefined ? 'has no target' : `has target "${target}"`;
    throw contentErrorAt(file, at('target'), `<Step id="${id}"> ${found}; expected target="host" (the user's machine) or target="dom0" (the Xen dom0 over SSH)`);
  }

  const spec = stringProp(props, 'params') ?? '';
  const params = parseParamsSpec(spec);
  if (!params.ok) throw contentErrorAt(file, at('params'), `<Step id="${id}"> ${params.error}`);

  const timeout = stringProp(props, 'timeout');
  let timeoutSec: number | undefined;
  if (timeout !== undefined) {
    timeoutSec = /^[0-9]{1,6}$/.test(timeout) ? Number(timeout) : Number.NaN;
    if (!(timeoutSec >= 1 && timeoutSec <= MAX_TIMEOUT_SEC)) {
      throw contentErrorAt(file, at('timeout'), `<Step id="${id}"> timeout "${timeout}" is not valid; expected whole seconds from 1 to ${MAX_TIMEOUT_SEC}, e.g. timeout="600"`);
    }
  }

  const [code, extra] = element.children;
  if (code === undefined || code.type !== 'code') {
    const found = code === undefined ? 'no children' : `a ${code.type} first`;
    throw contentErrorAt(file, code?.position ?? element.position, `<Step id="${id}"> has ${found}; expected exactly one fenced code block (\`\`\`sh ... \`\`\`) holding the command`);
  }
  if (extra !== undefined) {
    throw contentErrorAt(file, extra.position, `<Step id="${id}"> has a ${extra.type} after its code block; expected exactly one fenced code block (move the text outside the <Step>)`);
  }
  if (!code.lang || !isCodeLang(code.lang)) {
    const found = code.lang ? `language "${code.lang}"` : 'no language';
    throw contentErrorAt(file, code.position, `<Step id="${id}"> code block has ${found}; expected one of ${CODE_LANGS.join(', ')}, e.g. \`\`\`sh`);
  }
  if (code.value.trim() === '') {
    throw contentErrorAt(file, code.position, `<Step id="${id}"> code block is empty; expected the command to run`);
  }

  const markers = autopilotMarkers(file, id, parsedTarget.data, props, at);

  const step: StepDecl = {
    id: parsedId.data,
    target: parsedTarget.data,
    command: code.value,
    lang: code.lang,
    params: params.value,
    root: props.get('root')?.value === true,
    chapter,
    at: { file, line: element.position?.start.line ?? 1 },
    ...markers,
  };
  return timeoutSec === undefined ? step : { ...step, timeoutSec };
}

type Markers = Pick<StepDecl, 'reboot' | 'manual' | 'skipIf'>;

/** The autopilot's markers (`reboot`, `manual="..."`, `skipIf="check-id"`), checked against each other. */
function autopilotMarkers(
  file: string,
  id: string,
  target: string,
  props: ReturnType<typeof readLiteralProps>,
  at: (name: string) => Parameters<typeof contentErrorAt>[1],
): Markers {
  const markers: { reboot?: true; manual?: string; skipIf?: NonNullable<StepDecl['skipIf']> } = {};
  if (props.get('reboot')?.value === true) {
    if (target !== 'dom0') {
      throw contentErrorAt(file, at('reboot'), `<Step id="${id}"> is marked reboot but runs on target="${target}"; expected reboot only on a target="dom0" step (the autopilot waits for dom0 to come back; it cannot wait for this computer)`);
    }
    markers.reboot = true;
  }
  const manual = stringProp(props, 'manual');
  if (manual !== undefined) {
    if (manual.trim().length < 10) {
      throw contentErrorAt(file, at('manual'), `<Step id="${id}"> manual="${manual}" is too short; expected a sentence saying what the reader does by hand, e.g. manual="Install Debian 12 in the VM's window, then continue"`);
    }
    if (markers.reboot) {
      throw contentErrorAt(file, at('manual'), `<Step id="${id}"> is marked both reboot and manual; expected one of them (the autopilot never runs a manual step, so it cannot wait for its reboot)`);
    }
    markers.manual = manual.trim();
  }
  const skipIf = stringProp(props, 'skipIf');
  if (skipIf !== undefined) {
    const parsed = CheckIdSchema.safeParse(skipIf);
    if (!parsed.success || !isKnownCheck(skipIf)) {
      throw contentErrorAt(file, at('skipIf'), `<Step id="${id}"> skipIf="${skipIf}" is not a known check; expected one of ${Object.keys(CHECKS).join(', ')}`);
    }
    markers.skipIf = parsed.data;
  }
  return markers;
}
