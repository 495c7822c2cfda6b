// The unified plugins the app's renderer passes to @mdx-js/mdx `evaluate`: the same syntax the
// content build parses (frontmatter, GFM), heading ids matching the TOC, and shiki highlighting
// with both themes as CSS variables (--shiki-light / --shiki-dark), chosen by the app's CSS.
import rehypeShiki, { type RehypeShikiOptions } from '@shikijs/rehype';
import rehypeSlug from 'rehype-slug';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import type { PluggableList } from 'unified';
import { HIGHLIGHT_LANGS } from './code-languages';

export const shikiOptions: RehypeShikiOptions = {
  themes: { light: 'github-light', dark: 'github-dark' },
  defaultColor: false,
  langs: [...HIGHLIGHT_LANGS],
};

export const remarkPlugins: PluggableList = [[remarkFrontmatter, ['yaml']], remarkGfm];

export const rehypePlugins: PluggableList = [rehypeSlug, [rehypeShiki, shikiOptions]];

/** Spread into `evaluate(source, { ...mdxOptions, ...runtime })`. */
export const mdxOptions = { remarkPlugins, rehypePlugins } as const;
