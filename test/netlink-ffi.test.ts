// koffi's loader (src/netlink/ffi.ts): the CLI's start-up skips koffi's own entry and dlopen()s its prebuilt
// glibc binary (issue 14). On this glibc machine that path must be the one taken, load the binary koffi's
// entry would load (same version), once per thread, and give a working FFI.
import test from 'ava';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadKoffi, koffiSource } from '../src/netlink/ffi.js';
import { errnoName, errnoNumber } from '../src/netlink/errno.js';
import { root } from './helpers/cli.js';

test('koffi comes from its prebuilt binary, once per thread, at the version of the koffi package', (t) => {
  const koffi = loadKoffi();
  t.is(koffiSource, 'prebuilt');
  t.is(loadKoffi(), koffi);
  const { version } = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'koffi', 'package.json'), 'utf8')) as { version: string };
  t.is((koffi as unknown as { version: string }).version, version);
});

test('the directly loaded koffi calls libc and knows the errno names', (t) => {
  const koffi = loadKoffi();
  const getpid = koffi.load('libc.so.6').func('int getpid()') as () => number;
  t.is(getpid(), process.pid);
  t.is(errnoNumber('ENOENT'), 2);
  t.is(errnoName(1), 'EPERM');
});

test('every koffi user in the library goes through loadKoffi (a second load would re-run koffi\'s initialisation)', (t) => {
  const offenders: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts') && !p.endsWith(path.join('netlink', 'ffi.ts')) && /^import (?!type)[^;]*from 'koffi'/m.test(fs.readFileSync(p, 'utf8'))) offenders.push(path.relative(root, p));
    }
  };
  walk(path.join(root, 'src'));
  t.deepEqual(offenders, []);
});
