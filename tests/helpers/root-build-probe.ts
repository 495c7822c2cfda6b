// Run one image build step the way `onramp machine create --driver qemu` does (realRootBuild:
// sudo around lab/run-owned.sh for a normal user), with the stand-in build script as the recipe
// seam. Run by the playground's `image-build-as-user` step; the output folder is a fresh one
// under $ONRAMP_TEST_BUILD_OUT, printed as "built: PATH".
import { mkdtempSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { realRootBuild } from '../../server/machine/qemu/root-build';

const base = process.env.ONRAMP_TEST_BUILD_OUT;
if (!base) throw new Error('ONRAMP_TEST_BUILD_OUT is not set: the folder the stand-in image goes under');
const out = mkdtempSync(join(base, 'image-'));
// the build script makes the folder itself, as build-image.sh does
rmdirSync(out);
const script = fileURLToPath(new URL('../fixtures/lab/build-stand-in.sh', import.meta.url));
await realRootBuild()({ script, args: [out], output: out }, (line) => console.log(line));
console.log(`built: ${out}`);
