'use client';
// The print view's control: the browser's print dialog (to paper, or "Save as PDF"). Shown once
// the page's script runs (before that, a click would do nothing); print.css hides it on paper.
import { useEffect, useState } from 'react';

export function PrintButton() {
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  if (!ready) return null;
  return (
    <button type="button" className="print-button" data-testid="print-button" onClick={() => window.print()}>
      Print or save as PDF
    </button>
  );
}
