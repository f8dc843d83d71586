// koffi, loaded once per thread, and only by the modules that make system calls (libc.ts, errno.ts), so
// commands that never open a socket never pay for it.
//
// Start-up is on the bill of every CLI command (issue 14). `require('koffi')` resolves the package through
// its "exports" map, then koffi's entry detects the C library by reading Node's ELF headers and tries
// several paths before it dlopen()s its prebuilt binary; measured in CPU time on this 2-core VM, that is
// about 15-20 ms more than dlopen() of the binary itself (bench/cli-startup.ts, "koffi" rows). nlts
// supports glibc only (koffi loads libc.so.6), so the binary is known: koffi's platform package,
// @koromix/koffi-linux-<arch>, installed beside koffi (npm's layout) or inside it, holds
// linux_<arch>/koffi.node. We load that directly when its version is koffi's, and fall back to
// require('koffi') for anything else (another layout, platform or version).
//
// Every user of koffi must come through loadKoffi(): koffi's loader would load the same binary a second
// time in the same thread and re-run its initialisation.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type KoffiDefault from 'koffi';

/** koffi's API as its types describe it. */
export type Koffi = typeof KoffiDefault;

let loaded: Koffi | undefined;
/** How this thread's koffi was loaded: its prebuilt binary directly, or koffi's own entry. */
export let koffiSource: 'prebuilt' | 'package' | undefined;

export function loadKoffi(): Koffi {
  if (loaded) return loaded;
  const prebuilt = loadPrebuilt();
  koffiSource = prebuilt ? 'prebuilt' : 'package';
  return (loaded = prebuilt ?? (createRequire(import.meta.url)('koffi') as Koffi));
}

/** The directory of the koffi package Node would resolve from here (the nearest node_modules/koffi). */
function koffiPackageDir(): string | undefined {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'node_modules', 'koffi');
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

function loadPrebuilt(): Koffi | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const koffiDir = koffiPackageDir();
    if (!koffiDir) return undefined;
    const { version } = JSON.parse(fs.readFileSync(path.join(koffiDir, 'package.json'), 'utf8')) as { version: string };
    const platformPackage = path.join('@koromix', `koffi-linux-${process.arch}`, `linux_${process.arch}`, 'koffi.node');
    for (const binary of [path.join(koffiDir, '..', platformPackage), path.join(koffiDir, 'node_modules', platformPackage)]) {
      if (!fs.existsSync(binary)) continue;
      const mod = { exports: {} as { version?: unknown } };
      process.dlopen(mod, binary);
      if (mod.exports.version === version) return mod.exports as unknown as Koffi;
      // Loaded but not koffi's version: koffi's entry refuses that pairing too, so use it and let it say why.
      return undefined;
    }
  } catch {
    // Any surprise (a musl system, a stripped install): koffi's own entry knows better.
  }
  return undefined;
}
