// The real .xl files mirage 4.11.1 writes (tests/fixtures/tools/mirage/, from ../shared/cases/real-mirage/)
// through the .xl parser and the xl-vif-bridge verdict, and the guide's sample checked against them.
import { describe, expect, it } from 'vitest';
import { decideXlVifBridge } from '../../server/checks/defs/dom0';
import { parseXlConfig, xlPlaceholders } from '../../server/checks/parsers/xl-config';
import { HELLO_XL, MIRAGE_BRIDGE_GUESSES } from '../../protocol/guide-facts';
import { contentDirs, loadContent } from '../../lib/content/index';
import { execOutput, toolText } from '../fixtures/tools/load';

const helloXl = toolText('mirage/hello.xl');
const helloXlIn = toolText('mirage/hello.xl.in');
const networkXl = toolText('mirage/network.xl');
const networkXlIn = toolText('mirage/network.xl.in');
const ok = (stdout: string) => execOutput({ stdout });

describe('real .xl files of mirage 4.11.1', () => {
  it('hello.xl: name, kernel, pvh, and no network device (vif = [  ]; comment lines also say vif, so grep vif always matches)', () => {
    expect(parseXlConfig(helloXl)).toEqual({ name: 'hello', kernel: 'hello.xen', type: 'pvh', vifBridges: [] });
    expect(helloXl.split('\n').filter((l) => l.startsWith('#') && l.includes('vif'))).toHaveLength(2);
    expect(helloXl).toMatch(/^vif = \[ {2}\]$/m);
    expect(xlPlaceholders(helloXl)).toEqual([]);
  });

  it('hello.xl.in: @NAME@, @KERNEL@, @MEMORY@ and no network placeholder', () => {
    expect(xlPlaceholders(helloXlIn)).toEqual(['@NAME@', '@KERNEL@', '@MEMORY@']);
    expect(parseXlConfig(helloXlIn).vifBridges).toEqual([]);
  });

  it("network.xl: one vif on the bridge guessed on the build host (br0 when it had none of mirage's guesses)", () => {
    expect(parseXlConfig(networkXl)).toEqual({
      name: 'network',
      kernel: 'network.xen',
      type: 'pvh',
      vifBridges: ['br0'],
    });
    expect(MIRAGE_BRIDGE_GUESSES).toContain('br0');
    expect(networkXl).not.toMatch(/^cmdline/m);
  });

  it('network.xl.in: the bridge is @NETWORK:0@', () => {
    expect(xlPlaceholders(networkXlIn)).toEqual(['@NAME@', '@KERNEL@', '@MEMORY@', '@NETWORK:0@']);
    expect(parseXlConfig(networkXlIn).vifBridges).toEqual(['@NETWORK:0@']);
  });

  it('the facts module holds the real hello.xl verbatim', () => {
    expect(HELLO_XL).toBe(helloXl);
  });
});

describe('xl-vif-bridge on the real files', () => {
  const br0 = [{ name: 'br0', members: ['enp0s8'] }];
  const xenbr0 = [{ name: 'xenbr0', members: ['eth0'] }];

  it('hello.xl has no network device: passed, saying there is nothing to match (even with no bridge at all)', () => {
    for (const bridges of [br0, xenbr0, []]) {
      expect(decideXlVifBridge('dist/hello.xl', ok(helloXl), bridges)).toEqual({
        status: 'passed',
        found: 'dist/hello.xl has no network device (vif = [  ]): no bridge to match',
      });
    }
  });

  it('network.xl on a dom0 with br0: passed', () => {
    expect(decideXlVifBridge('dist/network.xl', ok(networkXl), br0)).toEqual({
      status: 'passed',
      found: 'vif bridge=br0 exists in dom0',
    });
  });

  it('network.xl on the lab dom0 (xenbr0): a wrong bridge, failed with the sed fix', () => {
    const v = decideXlVifBridge('dist/network.xl', ok(networkXl), xenbr0);
    expect(v.status === 'failed' && [v.reason, v.found, v.fix.commands, v.fix.link]).toEqual([
      'dist/network.xl attaches its network to the bridge "br0", which does not exist in dom0',
      'vif bridge=br0; dom0 bridges: xenbr0',
      ['sed -i "s/bridge=br0/bridge=xenbr0/" dist/network.xl'],
      '/guide/troubleshooting#xl-vif-bridge',
    ]);
  });

  it('network.xl.in (the template) is not taken for a bridge named @NETWORK:0@', () => {
    const v = decideXlVifBridge('dist/network.xl.in', ok(networkXlIn), br0);
    expect(v.status === 'failed' && [v.reason, v.found]).toEqual([
      'dist/network.xl.in is a template: it still holds @NAME@, @KERNEL@, @MEMORY@, @NETWORK:0@ where values belong',
      'placeholders @NAME@, @KERNEL@, @MEMORY@, @NETWORK:0@',
    ]);
  });
});

describe("the guide's .xl sample", () => {
  it('Build hello for Xen shows the real hello.xl, not a vif with a bridge', async () => {
    const { chapters } = await loadContent(contentDirs({}));
    const helloXen = chapters.find((c) => c.slug === 'hello-xen');
    const blocks = [...(helloXen?.body ?? '').matchAll(/```ini\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks).toContain(helloXl);
  }, 30_000);
});

describe("the guide's hello console", () => {
  it('Boot the unikernel shows the real console of hello on Xen (CRs as xl relays them removed)', async () => {
    const { chapters } = await loadContent(contentDirs({}));
    const boot = chapters.find((c) => c.slug === 'boot');
    const blocks = [...(boot?.body ?? '').matchAll(/```text\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks).toContain(toolText('mirage/hello-xen-console.txt').replace(/\r/g, ''));
  }, 30_000);
});
