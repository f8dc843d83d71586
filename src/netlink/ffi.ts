// koffi, loaded once, through require(): its CommonJS build loads faster than the ESM one, and only the
// modules that make system calls (libc.ts) load it, so commands that never open a socket never pay for it.
import { createRequire } from 'node:module';
import type KoffiDefault from 'koffi';

export type Koffi = typeof KoffiDefault;

let loaded: Koffi | undefined;

export function loadKoffi(): Koffi {
  return (loaded ??= createRequire(import.meta.url)('koffi') as Koffi);
}
