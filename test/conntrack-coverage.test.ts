// Coverage of claims (issue 17): every top-level ctnetlink attribute the library defines (CTA_*, read from
// its own table) must occur in a conversation whose meaning comes from conntrack-tools: the reference
// dump (fixtures/conntrack/reference-state.json, compared with conntrack -L/-o xml) or conntrack-tools' own
// requests and the kernel's replies to them (fixtures/golden/conntrack/*.strace). An attribute that occurs
// in neither is listed below with the reason it cannot occur here; a reason that stops being true fails.
import test from 'ava';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFixture } from '../src/netlink/index.js';
import { CTA } from '../src/nfnetlink/conntrack/index.js';
import { GOLDEN_DIR, loadGolden } from './helpers/conntrack-golden.js';
import { NLMSG_MIN_TYPE } from './helpers/kernel.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const NFNL_SUBSYS_CTNETLINK = 1; // linux/netfilter/nfnetlink.h
const NFGENMSG_LEN = 4; // struct nfgenmsg

/** Attributes that cannot occur in those conversations on this machine, and why. */
const ABSENT: Readonly<Record<string, string>> = {
  HELP: 'needs a connection a conntrack helper (ftp, sip) took over: traffic, not conntrack -I',
  SEQ_ADJ_REPLY: 'the kernel sends the reply direction\'s sequence adjustment only once a NAT helper rewrote a reply payload',
  SECMARK: 'obsolete (the kernel sends CTA_SECCTX instead)',
  SECCTX: 'needs an LSM security context (SELinux), which this kernel does not have',
  LABELS: 'conntrack -I -l needs /etc/connlabel.conf; labels are set by traffic through ct label set',
  LABELS_MASK: 'request side of label updates only (conntrack -U --label-add), not captured',
  FILTER: 'request side of kernel-side dump filtering; conntrack-tools 1.4.7 filters in user space',
  STATUS_MASK: 'request side of kernel-side status filtering (our -L -u sends it); conntrack-tools 1.4.7 filters status in user space',
  TIMESTAMP_EVENT: 'only in events (conntrack -E) with event timestamps on, not in dumps',
};

/** Top-level attribute types of every ctnetlink message in `datagram`. */
function topTypes(datagram: Buffer, into: Set<number>): void {
  for (let at = 0; at + 16 <= datagram.length;) {
    const len = datagram.readUInt32LE(at);
    const type = datagram.readUInt16LE(at + 4);
    if (len < 16 || at + len > datagram.length) break;
    if (type >= NLMSG_MIN_TYPE && type >> 8 === NFNL_SUBSYS_CTNETLINK) {
      for (let a = at + 16 + NFGENMSG_LEN; a + 4 <= at + len;) {
        const alen = datagram.readUInt16LE(a);
        if (alen < 4) break;
        into.add(datagram.readUInt16LE(a + 2) & 0x3fff); // minus NLA_F_NESTED / NLA_F_NET_BYTEORDER
        a += (alen + 3) & ~3;
      }
    }
    at += (len + 3) & ~3;
  }
}

function observed(): Set<number> {
  const seen = new Set<number>();
  const ref = readFixture(path.join(root, 'fixtures', 'conntrack', 'reference-state.json'));
  for (const x of ref.exchanges) topTypes(Buffer.from(x.hex, 'hex'), seen);
  for (const f of fs.readdirSync(GOLDEN_DIR).filter((n) => n.endsWith('.strace'))) {
    const g = loadGolden(f.replace(/\.strace$/, ''));
    for (const d of [...g.sends, ...g.replies.flat()]) topTypes(d, seen);
  }
  return seen;
}

test(`every CTA_* attribute the library defines (${Object.keys(CTA).length}) occurs in a conversation checked against conntrack-tools, or says why it cannot`, (t) => {
  const seen = observed();
  const missing = Object.entries(CTA).filter(([name, n]) => !seen.has(n) && ABSENT[name] === undefined).map(([name]) => `CTA_${name}`);
  t.deepEqual(missing, []);
  // A reason that no longer holds (the attribute now occurs) must go.
  t.deepEqual(Object.keys(ABSENT).filter((name) => seen.has((CTA as Record<string, number>)[name]!)), []);
  t.deepEqual(Object.keys(ABSENT).filter((name) => !(name in CTA)), []);
});
