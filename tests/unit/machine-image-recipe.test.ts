import { describe, expect, it } from 'vitest';
import { imageKeys, loadRecipe, parsePackageList, type ImageRecipe } from '../../server/machine/qemu/image-recipe';
import { debianMirrorFromSources } from '../../server/machine/qemu/debian-mirror';

const recipe: ImageRecipe = {
  suite: 'bookworm',
  mirror: 'http://deb.debian.org/debian',
  packages: ['xen-system-amd64', 'openssh-server'],
  files: {
    'build-base.sh': 'a',
    'image-packages.txt': 'b',
    'build-image.sh': 'c',
    'provision-dom0.sh': 'd',
    'seed-apply.sh': 'e',
    'onramp-seed.service': 'f',
  },
};

describe('image cache keys', () => {
  it('are stable for the same recipe', () => {
    expect(imageKeys(recipe)).toEqual(imageKeys({ ...recipe, files: { ...recipe.files } }));
  });

  it('change the image but not the base when only the provisioning script changes', () => {
    const changed = imageKeys({ ...recipe, files: { ...recipe.files, 'provision-dom0.sh': 'd2' } });
    expect(changed.base).toBe(imageKeys(recipe).base);
    expect(changed.image).not.toBe(imageKeys(recipe).image);
  });

  it('change both when the package list, suite or mirror change', () => {
    for (const other of [
      { ...recipe, packages: ['xen-system-amd64'] },
      { ...recipe, suite: 'trixie' },
      { ...recipe, mirror: 'http://127.0.0.1/debian' },
    ]) {
      expect(imageKeys(other).base).not.toBe(imageKeys(recipe).base);
      expect(imageKeys(other).image).not.toBe(imageKeys(recipe).image);
    }
  });

  it('reads the real recipe from lab/ with Xen, a dom0 kernel and sshd in the package list', async () => {
    const real = await loadRecipe('http://deb.debian.org/debian');
    expect(real.packages).toEqual(
      expect.arrayContaining(['xen-system-amd64', 'linux-image-amd64', 'openssh-server', 'busybox-static']),
    );
    expect(real.files['provision-dom0.sh']).toContain('XENCONSOLED_ARGS');
  });

  it('parses a package list with comments and blank lines', () => {
    expect(parsePackageList('# base\nsudo\n\n  procps \n')).toEqual(['sudo', 'procps']);
  });
});

describe('debianMirrorFromSources', () => {
  const deb822 = `Types: deb
# http://snapshot.debian.org/archive/debian/20250520T000000Z
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
`;

  it("reads the mirror from deb822 sources (this machine's debian.sources)", () => {
    expect(debianMirrorFromSources([deb822], 'bookworm')).toBe('http://deb.debian.org/debian');
  });

  it('reads one-line sources, with options', () => {
    expect(
      debianMirrorFromSources(['deb [arch=amd64] http://ftp.fr.debian.org/debian bookworm main\n'], 'bookworm'),
    ).toBe('http://ftp.fr.debian.org/debian');
  });

  it('ignores other suites and non-Debian repositories', () => {
    expect(
      debianMirrorFromSources(['deb https://packages.cloud.google.com/apt cloud-sdk-bookworm main\n'], 'bookworm'),
    ).toBeUndefined();
  });
});
