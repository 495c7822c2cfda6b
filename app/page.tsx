import { siteContent } from './_lib/site-content';

export default async function Home() {
  const { chapters } = await siteContent();
  const first = chapters[0];
  return (
    <main id="main" className="home">
      <h1>From nothing to a unikernel on Xen</h1>
      <p className="lede">
        Onramp is a guided tutorial and setup wizard for MirageOS. Each chapter explains one stage, runs its commands
        for you on this machine or in a Xen dom0 over SSH, and checks that the stage really works before you move on.
      </p>
      <h2>The path</h2>
      <ol className="path">
        {chapters.map((c) => (
          <li key={c.slug}>
            <a href={`/guide/${c.slug}`}>{c.title}</a>
            {c.summary && <span className="path-summary">{c.summary}</span>}
          </li>
        ))}
      </ol>
      <p>
        opam and OCaml first, then the <code>mirage</code> tool and a hello-world unikernel on Unix; then a Xen dom0 (a
        VirtualBox or QEMU/KVM virtual machine, or a machine of your own) and the same unikernel booting as a Xen guest.
      </p>
      {first && (
        <p>
          <a className="button primary start" href={`/guide/${first.slug}`}>
            Start: {first.title}
          </a>
        </p>
      )}
    </main>
  );
}
