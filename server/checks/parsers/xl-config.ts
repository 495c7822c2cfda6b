// The `.xl` file mirage writes (dist/hello.xl): name, kernel, type and the vif bridges; and the
// placeholders of its template, `.xl.in` (mirage 4.11.1 lib/devices/target.ml configure_main_xl).
// Real files: tests/fixtures/tools/mirage/ (hello has `vif = [  ]`, a networked unikernel
// `vif = [ 'bridge=br0' ]`; the .xl.in has @NAME@, @KERNEL@, @MEMORY@, @NETWORK:…@, @BLOCK:…@).

export interface XlConfig {
  readonly name: string | undefined;
  readonly kernel: string | undefined;
  readonly type: string | undefined;
  /** `bridge=` of each vif entry, in order; a vif without one is `undefined` (xl's default, xenbr0). */
  readonly vifBridges: ReadonlyArray<string | undefined>;
}

function scalar(text: string, key: string): string | undefined {
  const match = new RegExp(`^\\s*${key}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s#]+))`, 'm').exec(text);
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

/** `@NAME@`, `@KERNEL@`, `@MEMORY@`, `@NETWORK:0@`, `@BLOCK:disk.img@`: the placeholders an `.xl.in` holds (outside comments), in order. */
export function xlPlaceholders(text: string): string[] {
  const noComments = text
    .split('\n')
    .map((line) => line.replace(/#.*$/, ''))
    .join('\n');
  return [...noComments.matchAll(/@(?:NAME|KERNEL|MEMORY|NETWORK:[^@\s]*|BLOCK:[^@\s]*)@/g)].map((m) => m[0]);
}

/** Accepts `vif = [ 'bridge=br0' ]`, `vif=["mac=00:16:3e:00:00:01,bridge=xenbr0"]`, multi-line lists and comments. */
export function parseXlConfig(text: string): XlConfig {
  const noComments = text
    .split('\n')
    .map((line) => line.replace(/#.*$/, ''))
    .join('\n');
  const vifList = /^\s*vif\s*=\s*\[([\s\S]*?)\]/m.exec(noComments)?.[1] ?? '';
  const entries = [...vifList.matchAll(/"([^"]*)"|'([^']*)'/g)].map((m) => m[1] ?? m[2] ?? '');
  const vifBridges = entries.map((entry) => {
    const bridge = entry
      .split(',')
      .map((kv) => kv.trim().split('='))
      .find(([key]) => key?.trim() === 'bridge');
    return bridge?.[1]?.trim() || undefined;
  });
  return {
    name: scalar(noComments, 'name'),
    kernel: scalar(noComments, 'kernel'),
    type: scalar(noComments, 'type'),
    vifBridges,
  };
}
