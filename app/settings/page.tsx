import type { Metadata } from 'next';
import { Dom0Settings } from '@/components/dom0/dom0-settings';
import { STATIC_MODE, START_COMMAND } from '@/components/static-mode';

export const metadata: Metadata = {
  title: 'Settings',
  description: 'How Onramp reaches your Xen dom0 over SSH: address, login, host key, and a shell in dom0.',
};

export default function SettingsPage() {
  return (
    <main id="main" className="setup settings">
      <h1>Settings</h1>
      <h2>dom0 connection</h2>
      <p className="lede">
        Steps and checks marked <em>dom0</em> run in your Xen dom0 over SSH. Enter where it is and how to log in, then
        test the connection. Passwords and passphrases stay in the companion server&apos;s memory; nothing secret is
        saved.
      </p>
      {STATIC_MODE ? (
        <p className="static-note">
          This copy of the guide runs without Onramp&apos;s companion server. Start Onramp (<code>{START_COMMAND}</code>
          ) to connect to dom0.
        </p>
      ) : (
        <Dom0Settings />
      )}
    </main>
  );
}
