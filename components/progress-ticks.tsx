'use client';
// Fills the sidebar's per-chapter progress slots from GET /api/progress; does nothing if it fails.
import { useEffect } from 'react';
import { apiFetch } from './runtime/session-token';

type ChapterProgress = 'done' | 'partial' | 'none';

const MARKS: Record<ChapterProgress, { mark: string; label: string }> = {
  done: { mark: '✓', label: 'done' },
  partial: { mark: '◐', label: 'partly done' },
  none: { mark: '', label: '' },
};

function isProgress(v: unknown): v is ChapterProgress {
  return v === 'done' || v === 'partial' || v === 'none';
}

export function ProgressTicks() {
  useEffect(() => {
    const controller = new AbortController();
    apiFetch('/api/progress', { signal: controller.signal })
      .then((res) => {
        if (res.status === 200) return res.json() as Promise<{ chapters?: Record<string, unknown> }>;
        // An unread body keeps the request open: release it.
        void res.body?.cancel();
        return undefined;
      })
      .then((body) => {
        const chapters = body?.chapters;
        if (!chapters) return;
        for (const slot of document.querySelectorAll<HTMLElement>('[data-progress-chapter]')) {
          const state = chapters[slot.dataset.progressChapter ?? ''];
          if (!isProgress(state)) continue;
          slot.textContent = MARKS[state].mark;
          slot.dataset.state = state;
          slot.title = MARKS[state].label;
          if (MARKS[state].label) slot.setAttribute('aria-label', MARKS[state].label);
        }
      })
      .catch(() => undefined);
    return () => controller.abort();
  }, []);
  return null;
}
