// Expectations (NFNL_SUBSYS_CTNETLINK_EXP): the model and its decoder.
import { AttributeCursor, NetlinkDecodeError, netfilterCodec } from '../../netlink/core.js';
import { CTA_EXPECT, CTA_EXPECT_NAT } from './constants.js';
import { TupleView, type Tuple } from './tuple.js';

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

/** Decodes an IPCTNL_MSG_EXP_NEW payload. */
export function decodeExpectation(payload: Buffer): Expectation {
  if (payload.length < 4) throw new NetlinkDecodeError('expectation', 0, 'shorter than nfgenmsg');
  const x: Expectation = { family: payload[0]! };
  const c = new AttributeCursor(netfilterCodec).reset(payload, 4, payload.length, 'expectation');
  const tuple = new TupleView();
  const tupleModel = (a: AttributeCursor): Tuple => tuple.parse(payload, a.valueStart, a.valueEnd, 0).toModel();
  while (c.next()) {
    switch (c.type) {
      case CTA_EXPECT.MASTER: x.master = tupleModel(c); break;
      case CTA_EXPECT.TUPLE: x.tuple = tupleModel(c); break;
      case CTA_EXPECT.MASK: x.mask = tupleModel(c); break;
      case CTA_EXPECT.TIMEOUT: x.timeout = c.u32be('CTA_EXPECT_TIMEOUT'); break;
      case CTA_EXPECT.ID: x.id = c.u32be('CTA_EXPECT_ID'); break;
      case CTA_EXPECT.HELP_NAME: x.helper = c.string(); break;
      case CTA_EXPECT.ZONE: x.zone = c.u16be('CTA_EXPECT_ZONE'); break;
      case CTA_EXPECT.FLAGS: x.flags = c.u32be('CTA_EXPECT_FLAGS'); break;
      case CTA_EXPECT.CLASS: x.class = c.u32be('CTA_EXPECT_CLASS'); break;
      case CTA_EXPECT.FN: x.fn = c.string(); break;
      case CTA_EXPECT.NAT: {
        const n = c.child(new AttributeCursor(netfilterCodec), 'CTA_EXPECT_NAT');
        while (n.next()) {
          if (n.type === CTA_EXPECT_NAT.DIR) x.natDirection = n.u32be('CTA_EXPECT_NAT_DIR');
          else if (n.type === CTA_EXPECT_NAT.TUPLE) x.natTuple = tupleModel(n);
        }
        break;
      }
      default: break;
    }
  }
  return x;
}
