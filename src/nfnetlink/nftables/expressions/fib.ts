// fib: look the packet up in the routing table (NFTA_FIB_FLAGS say with which fields) and load the
// output interface, its name or the address type (NFTA_FIB_RESULT) into a register.
import { defineExpression } from './codec.js';
import { ExprReader } from './reader.js';
import type { FibExpr } from './types.js';
import type { DataType } from '../render/datatypes.js';

const A = { DREG: 1, RESULT: 2, FLAGS: 3 } as const; // NFTA_FIB_DREG, _RESULT, _FLAGS
const FLAGS: ReadonlyArray<[number, string]> = [[1, 'saddr'], [2, 'daddr'], [4, 'mark'], [8, 'iif'], [16, 'oif']]; // NFTA_FIB_F_SADDR..OIF
const NFTA_FIB_F_PRESENT = 32;
/** enum nft_fib_result from NFT_FIB_RESULT_OIF. */
const RESULTS: Readonly<Record<number, { name: string; type: DataType; hostOrder: boolean }>> = {
  1: { name: 'oif', type: 'iface_index', hostOrder: true }, 2: { name: 'oifname', type: 'ifname', hostOrder: false },
  3: { name: 'type', type: 'fib_addrtype', hostOrder: true },
};

export const fib = defineExpression<FibExpr>({
  name: 'fib',
  encode(e, w) {
    w.u32(A.DREG, e.dreg);
    w.u32(A.RESULT, e.result);
    w.u32(A.FLAGS, e.flags);
  },
  decode(attrs) {
    const r = new ExprReader('fib', attrs, Object.values(A));
    return { kind: 'fib', dreg: r.u32(A.DREG), result: r.u32(A.RESULT), flags: r.u32(A.FLAGS) };
  },
  render(e, ctx) {
    const res = RESULTS[e.result] ?? { name: `result${e.result}`, type: 'hex' as DataType, hostOrder: false };
    const flags = FLAGS.filter(([b]) => e.flags & b).map(([, n]) => n);
    const present = (e.flags & NFTA_FIB_F_PRESENT) !== 0;
    ctx.load(e.dreg, {
      text: `fib ${flags.join(' . ')} ${res.name}`, json: { fib: { result: res.name, flags } },
      type: present ? 'boolean' : res.type, hostOrder: present || res.hostOrder,
    });
  },
});
