// A normal user's Onramp installs opam from the chapter: the "Install opam" step (root) asks for
// the sudo password in its own panel, runs once it is given, and finishes with exit 0 (Debian's
// opam is already installed by the test deps: apt-get install is idempotent).
import { test, expect } from '@playwright/test';
import { signIn, startServer, stopServer, type OnrampServer } from '../helpers/onramp-process';
import { createSudoUser, type SudoUser } from '../helpers/sudo-user';

let user: SudoUser;
let server: OnrampServer;

test.beforeAll(async () => {
  user = createSudoUser('onramp-sudo-e2e');
  const configDir = user.ownedDir('onramp-e2e-sudo-');
  server = await startServer(
    { HOME: user.home, USER: user.name, LOGNAME: user.name },
    { uid: user.uid, gid: user.gid, configDir },
  );
});

test.afterAll(async () => {
  if (server) await stopServer(server);
  user?.remove();
});

test('Install opam as a normal user: the step asks for the sudo password in place and exits 0', async ({ page }) => {
  test.setTimeout(300_000);
  await signIn(page, server);
  await page.goto(`${server.origin}/guide/opam`);
  const step = 'opam-apt-install';
  await page.getByTestId(`run-${step}`).click();

  const prompt = page.getByTestId(`secret-${step}`);
  await expect(prompt).toBeVisible({ timeout: 30_000 });
  await expect(prompt).toHaveAttribute('data-target', 'host');
  // The field is labelled with what it is for: whose sudo password, on which machine.
  await expect(prompt.getByLabel(`Sudo password for ${user.name} on this computer`, { exact: true })).toBeVisible();
  await expect(page.getByTestId(`status-${step}`)).toHaveAttribute('data-phase', 'running');

  // A wrong password first: the panel asks again and says why.
  await page.getByTestId(`secret-value-${step}`).fill('not-the-password');
  await page.getByTestId(`secret-submit-${step}`).click();
  await expect(prompt).toHaveAttribute('data-attempt', '2', { timeout: 30_000 });
  await expect(page.getByTestId(`secret-message-${step}`)).toContainText('Sorry, try again.');

  await page.getByTestId(`secret-value-${step}`).fill(user.password);
  await page.getByTestId(`secret-submit-${step}`).click();
  await expect(prompt).toBeHidden({ timeout: 30_000 });

  const status = page.getByTestId(`status-${step}`);
  await expect(status).toHaveAttribute('data-phase', 'exited', { timeout: 240_000 });
  await expect(status).toContainText(/^exited with code 0 in \d/);
  await expect(page.getByTestId(`step-${step}`)).not.toContainText(user.password);
  await expect(page.getByTestId(`step-${step}`)).toContainText('opam');
});
