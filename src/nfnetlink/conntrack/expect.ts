// Expectations (NFNL_SUBSYS_CTNETLINK_EXP): the model and its decoder.
import { NetlinkDecodeError } from '../../netlink/core.js';
import { CTA_EXPECT, CTA_EXPECT_NAT } from './constants.js';
import { decodeTuple, type Tuple } from './tuple.js';

/** A conntrack expectation (CTA_EXPECT_*), as `conntrack -L expect` lists it. */
export interface Expectation {
  family: number; // nfgen_family
  master?: Tuple; // CTA_EXPECT_MASTER
  tuple?: Tuple; // CTA_EXPECT_TUPLE
  mask?: Tuple; // CTA_EXPECT_MASK
  timeout?: number; // CTA_EXPECT_TIMEOUT, seconds
  id?: number; // CTA_EXPECT_ID
  helper?: string; // CTA_EXPECT_HELP_NAME
  zone?: number; // CTA_EXPECT_ZONE
  flags?: number; // CTA_EXPECT_FLAGS (NF_CT_EXPECT_PERMANENT 1, _INACTIVE 2, _USERSPACE 4)
  class?: number; // CTA_EXPECT_CLASS
  natDirection?: number; // CTA_EXPECT_NAT_DIR
  natTuple?: Tuple; // CTA_EXPECT_NAT_TUPLE
  fn?: string; // CTA_EXPECT_FN
}

function str(buf: Buffer, s: number, e: number): string {
  let end = s;
  while (end < e && buf[end] !== 0) end++;
  return buf.toString('utf8', s, end);
}

function walk(buf: Buffer, start: number, end: number, ctx: string, fn: (type: number, v: number, vend: number) => void): void {
  let at = start;
  while (at + 4 <= end) {
    const len = buf.readUInt16LE(at);
    if (len < 4 || at + len > end) throw new NetlinkDecodeError(ctx, at, `nla_len ${len} out of bounds`);
    fn(buf.readUInt16LE(at + 2) & 0x3fff, at + 4, at + len);
    at += (len + 3) & ~3;
  }
  if (at < end) throw new NetlinkDecodeError(ctx, at, 'trailing bytes');
}

/** Decodes an IPCTNL_MSG_EXP_NEW payload. */
export function decodeExpectation(payload: Buffer): Expectation {
  if (payload.length < 4) throw new NetlinkDecodeError('expectation', 0, 'shorter than nfgenmsg');
  const x: Expectation = { family: payload[0]! };
  walk(payload, 4, payload.length, 'expectation', (type, v, e) => {
    const u32 = (): number => { if (e - v < 4) throw new NetlinkDecodeError('expectation', v, 'u32 needs 4 bytes'); return payload.readUInt32BE(v); };
    switch (type) {
      case CTA_EXPECT.MASTER: x.master = decodeTuple(payload, v, e); break;
      case CTA_EXPECT.TUPLE: x.tuple = decodeTuple(payload, v, e); break;
      case CTA_EXPECT.MASK: x.mask = decodeTuple(payload, v, e); break;
      case CTA_EXPECT.TIMEOUT: x.timeout = u32(); break;
      case CTA_EXPECT.ID: x.id = u32(); break;
      case CTA_EXPECT.HELP_NAME: x.helper = str(payload, v, e); break;
      case CTA_EXPECT.ZONE: if (e - v < 2) throw new NetlinkDecodeError('CTA_EXPECT_ZONE', v, 'needs 2 bytes'); x.zone = payload.readUInt16BE(v); break;
      case CTA_EXPECT.FLAGS: x.flags = u32(); break;
      case CTA_EXPECT.CLASS: x.class = u32(); break;
      case CTA_EXPECT.FN: x.fn = str(payload, v, e); break;
      case CTA_EXPECT.NAT:
        walk(payload, v, e, 'CTA_EXPECT_NAT', (nt, nv, ne) => {
          if (nt === CTA_EXPECT_NAT.DIR) { if (ne - nv < 4) throw new NetlinkDecodeError('CTA_EXPECT_NAT_DIR', nv, 'needs 4 bytes'); x.natDirection = payload.readUInt32BE(nv); }
          else if (nt === CTA_EXPECT_NAT.TUPLE) x.natTuple = decodeTuple(payload, nv, ne);
        });
        break;
      default: break;
    }
  });
  return x;
}
