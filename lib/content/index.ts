// The content pipeline: MDX chapters → chapter data for the app and the step registry for the server.
export { ContentError } from './content-error';
export { contentDirs, repoRoot } from './content-dirs';
export { extractChapter, type Chapter } from './extract-chapter';
export { loadContent, type Content } from './load-content';
export { KNOWN_COMPONENTS, type KnownComponent } from './known-components';
export { CODE_LANGS, HIGHLIGHT_LANGS } from './code-languages';
export { CHAPTER_STAGES, FrontmatterSchema, type Frontmatter } from './frontmatter';
export type { TocEntry } from './toc';
