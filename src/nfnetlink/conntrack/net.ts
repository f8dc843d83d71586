// node:net's address validators, loaded on first use: listing the table never validates an address, and
// node:net is one of the slower built-ins to load (it matters to the start-up of `nlts conntrack -L`).
import { createRequire } from 'node:module';

let net: typeof import('node:net') | undefined;
const load = (): typeof import('node:net') => (net ??= createRequire(import.meta.url)('node:net') as typeof import('node:net'));

export const isIPv4 = (s: string): boolean => load().isIPv4(s);
export const isIPv6 = (s: string): boolean => load().isIPv6(s);
