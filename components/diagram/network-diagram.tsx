// <NetworkDiagram />: the guide's network as an SVG, host ↔ dom0 VM ↔ bridge ↔ unikernels, with
// addresses. A server component (no JavaScript); every prop is a literal from the chapter.
import { useId } from 'react';
import { diagramPlan, type NetworkPlanProps } from './network-plan';

const BOX = { stroke: 'currentColor', strokeWidth: 1.5, rx: 8 } as const;

function Label({
  x,
  y,
  text,
  strong = false,
}: {
  readonly x: number;
  readonly y: number;
  readonly text: string;
  readonly strong?: boolean;
}) {
  return (
    <text
      x={x}
      y={y}
      textAnchor="middle"
      fontSize={strong ? 15 : 13}
      fontWeight={strong ? 600 : 400}
      fill="currentColor"
    >
      {text}
    </text>
  );
}

export function NetworkDiagram(props: NetworkPlanProps) {
  const plan = diagramPlan(props);
  const id = useId();
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  return (
    <figure className="network-diagram" data-testid="network-diagram">
      <svg
        viewBox="0 0 820 300"
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        width="100%"
        style={{ maxWidth: '820px', height: 'auto' }}
      >
        <title id={titleId}>{plan.title}</title>
        <desc id={descId}>{plan.description}</desc>
        <g fill="none">
          <rect x={10} y={60} width={170} height={180} fill="none" {...BOX} />
          <rect x={250} y={20} width={560} height={270} fill="none" {...BOX} strokeDasharray="6 4" />
          <rect x={280} y={110} width={130} height={90} fill="none" {...BOX} />
          <rect x={460} y={110} width={130} height={90} fill="none" {...BOX} />
          <rect x={640} y={55} width={150} height={80} fill="none" {...BOX} />
          <rect x={640} y={175} width={150} height={80} fill="none" {...BOX} />
        </g>
        <g stroke="currentColor" strokeWidth={2}>
          <line x1={180} y1={155} x2={280} y2={155} />
          <line x1={410} y1={155} x2={460} y2={155} />
          <line x1={590} y1={140} x2={640} y2={95} />
          <line x1={590} y1={170} x2={640} y2={215} />
        </g>
        <Label x={95} y={95} text="Your computer" strong />
        <Label x={95} y={140} text={plan.hostAdapter} />
        <Label x={95} y={160} text={plan.hostIp} />
        <Label x={95} y={200} text="opam, mirage" />
        <Label x={95} y={218} text="VirtualBox or QEMU" />
        <Label x={215} y={145} text="host-only" />
        <Label x={530} y={45} text="dom0 VM: Debian 12 on Xen" strong />
        <Label x={345} y={145} text={plan.dom0Nic} />
        <Label x={345} y={165} text="host-only NIC" />
        <Label x={525} y={145} text={plan.bridge} strong />
        <Label x={525} y={165} text={plan.dom0Ip} />
        <Label x={715} y={85} text="unikernel" strong />
        <Label x={715} y={108} text={plan.unikernelIps[0]} />
        <Label x={715} y={205} text="unikernel" strong />
        <Label x={715} y={228} text={plan.unikernelIps[1]} />
        <Label x={530} y={275} text={`network ${plan.network}`} />
      </svg>
      <figcaption>{plan.caption}</figcaption>
    </figure>
  );
}
