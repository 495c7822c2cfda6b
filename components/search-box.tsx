'use client';
// The header's search: loads /search-index.json and the matcher on first focus, then matches as
// the reader types (a page the reader does not search carries neither).
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import type { SearchIndex } from './search/search-index';
import type { SearchHit, searchChapters } from './search/search-match';

type IndexState =
  | { readonly phase: 'none' }
  | { readonly phase: 'loading' }
  | { readonly phase: 'ready'; readonly index: SearchIndex; readonly search: typeof searchChapters }
  | { readonly phase: 'failed' };

/** The search index from the server; rejects on an HTTP error. */
async function fetchIndex(): Promise<SearchIndex> {
  const res = await fetch('/search-index.json');
  if (res.ok) return (await res.json()) as SearchIndex;
  void res.body?.cancel();
  throw new Error(`HTTP ${res.status}`);
}

export function SearchBox() {
  const [query, setQuery] = useState('');
  const [state, setState] = useState<IndexState>({ phase: 'none' });
  const requested = useRef(false);
  const listId = useId();

  const load = () => {
    if (requested.current) return;
    requested.current = true;
    setState({ phase: 'loading' });
    Promise.all([fetchIndex(), import('./search/search-match')])
      .then(([index, { searchChapters }]) => setState({ phase: 'ready', index, search: searchChapters }))
      .catch(() => {
        requested.current = false;
        setState({ phase: 'failed' });
      });
  };

  // Arrow keys move between results; Escape goes back to the input.
  const moveFocus = (e: KeyboardEvent<HTMLDivElement>) => {
    const links = [...e.currentTarget.querySelectorAll('a')];
    const at = links.indexOf(document.activeElement as HTMLAnchorElement);
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      links[Math.min(links.length - 1, Math.max(0, at + (e.key === 'ArrowDown' ? 1 : -1)))]?.focus();
    } else if (e.key === 'Escape') {
      document.getElementById(`${listId}-input`)?.focus();
      setQuery('');
    }
  };

  const hits: SearchHit[] = state.phase === 'ready' ? state.search(state.index, query) : [];
  const open = query.trim().length > 0;
  return (
    <div className="search" role="search">
      <label htmlFor={`${listId}-input`} className="visually-hidden">
        Search the guide
      </label>
      <input
        id={`${listId}-input`}
        type="search"
        placeholder="Search the guide"
        autoComplete="off"
        value={query}
        aria-controls={listId}
        onFocus={load}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setQuery('');
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            document.querySelector<HTMLAnchorElement>(`#${CSS.escape(listId)} a`)?.focus();
          }
        }}
      />
      {open && (
        <div className="search-results" id={listId} onKeyDown={moveFocus}>
          {state.phase === 'loading' && <p className="search-empty">Loading…</p>}
          {state.phase === 'failed' && <p className="search-empty">The search index could not be loaded.</p>}
          {state.phase === 'ready' && hits.length === 0 && (
            <p className="search-empty">Nothing matches “{query.trim()}”.</p>
          )}
          {hits.length > 0 && (
            <ul>
              {hits.map((hit) => (
                <li key={hit.href}>
                  <a href={hit.href} onClick={() => setQuery('')}>
                    <span className="hit-title">{hit.title}</span>
                    {hit.chapter !== undefined && <span className="hit-chapter">{hit.chapter}</span>}
                    {hit.excerpt !== undefined && <span className="hit-excerpt">{hit.excerpt}</span>}
                  </a>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
