// <NetworkDiagram />: the standard plan by default, another plan from literal props, and an
// accessible SVG (role img, labelled by its own title and description).
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { NetworkDiagram } from '../../components/diagram/network-diagram';
import { diagramPlan, nextAddress, STANDARD_PLAN } from '../../components/diagram/network-plan';
import { extractChapter } from '../../lib/content/index';

const render = (props = {}) => renderToStaticMarkup(createElement(NetworkDiagram, props));

describe('NetworkDiagram', () => {
  it('draws the standard plan: host 192.168.56.1, dom0 192.168.56.5 on br0, unikernels from 192.168.56.150', () => {
    const html = render();
    for (const text of [
      'vboxnet0',
      '192.168.56.1<',
      'enp0s8',
      '>br0<',
      '192.168.56.5',
      '192.168.56.150',
      '192.168.56.151',
      'network 192.168.56.0/24',
    ]) {
      expect(html).toContain(text);
    }
  });

  it('is an image labelled by its title and description', () => {
    const html = render();
    const labelled = /<svg[^>]*role="img"[^>]*aria-labelledby="([^" ]+) ([^"]+)"/.exec(html);
    expect(labelled).not.toBeNull();
    expect(html).toContain(`<title id="${labelled?.[1] ?? ''}">`);
    expect(html).toContain(`<desc id="${labelled?.[2] ?? ''}">`);
    expect(html).toMatch(/<desc[^>]*>Your computer is 192\.168\.56\.1 on its host-only adapter vboxnet0\./);
  });

  it('takes another plan from literal props', () => {
    const html = render({
      hostIp: '192.168.57.1',
      dom0Ip: '192.168.57.5',
      bridge: 'xenbr0',
      unikernelFrom: '192.168.57.20',
    });
    expect(html).toContain('192.168.57.5');
    expect(html).toContain('>xenbr0<');
    expect(html).toContain('192.168.57.21');
    expect(html).toContain('network 192.168.57.0/24');
    expect(html).not.toContain('192.168.56.');
  });

  it('fills in the standard value for an empty prop and counts addresses up', () => {
    expect(diagramPlan({ bridge: '' }).bridge).toBe(STANDARD_PLAN.bridge);
    expect(nextAddress('10.0.0.9')).toBe('10.0.0.10');
    expect(nextAddress('10.0.0.254')).toBe('…');
    expect(nextAddress('fe80::1')).toBe('…');
  });

  it('is accepted in a chapter with its props, and a misspelt prop fails the content build', () => {
    const chapter = (props: string) =>
      `---\ntitle: T\norder: 5\nstage: dom0\nsummary: S\n---\n\n# T\n\n<NetworkDiagram ${props} />\n`;
    expect(() => extractChapter('content/t.mdx', chapter('bridge="xenbr0" dom0Ip="10.0.99.1"'))).not.toThrow();
    expect(() => extractChapter('content/t.mdx', chapter('brige="xenbr0"'))).toThrow(
      /<NetworkDiagram> has unknown prop "brige"/,
    );
  });
});
