import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { SearchBox } from '@/components/search-box';
import { SessionBootstrap } from '@/components/session-bootstrap';
import { ThemeToggle } from '@/components/theme-toggle';
import { THEME_BOOT_SCRIPT } from '@/components/theme';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Onramp', template: '%s · Onramp' },
  description: 'From nothing to a MirageOS unikernel booting on Xen: a guided tutorial, setup wizard and checks.',
};

export const viewport: Viewport = {
  colorScheme: 'light dark',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_BOOT_SCRIPT }} />
      </head>
      <body>
        <SessionBootstrap />
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <a className="brand" href="/">
            Onramp
          </a>
          <SearchBox />
          <div className="header-nav">
            <a href="/setup">Setup dashboard</a>
            <a href="/settings">Settings</a>
            <a href="/print" data-testid="header-print-link">
              Print / PDF
            </a>
          </div>
          <ThemeToggle />
        </header>
        {children}
      </body>
    </html>
  );
}
