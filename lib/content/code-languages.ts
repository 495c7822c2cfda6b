// Code block languages the guide highlights. Kept short so the highlighter loads only these
// grammars; a code block in another language fails the content build instead of the page build.

/** Shiki grammar ids, passed as `langs` to @shikijs/rehype. */
export const HIGHLIGHT_LANGS = ['shellscript', 'shellsession', 'ocaml', 'yaml', 'ini'] as const;

/** Every name a fence may use: the grammar ids, their shiki aliases, and plain text. */
export const CODE_LANGS: readonly string[] = [
  ...HIGHLIGHT_LANGS,
  'sh',
  'bash',
  'shell',
  'zsh',
  'console',
  'yml',
  'properties',
  'text',
  'txt',
  'plain',
];

export function isCodeLang(lang: string): boolean {
  return CODE_LANGS.includes(lang);
}
