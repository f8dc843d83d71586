// Rule operations (`RtNetlink.rules`): list, add, delete, in bulk too.
import { flattenBatches, type DumpOptions, type NetlinkConnection } from '../../netlink/connection.js';
import { decode, encode } from '../../netlink/schema/index.js';
import { RTM } from '../constants.js';
import type { IpFamily } from '../common.js';
import { collectFailures, withIndex, type BulkOutcome } from '../bulk.js';
import { collect, dumpBatches } from '../dump.js';
import { ruleSchema } from './schema.js';
import { dumpRulesRequest, ruleRequest } from './requests.js';
import type { Rule, RuleSpec } from './model.js';

/** Decodes an RTM_NEWRULE payload. */
export function decodeRule(payload: Buffer): Rule {
  return decode(ruleSchema, payload);
}

/** Encodes a decoded Rule back into an RTM_NEWRULE payload (round trip of decodeRule). */
export function encodeRule(r: Rule): Buffer {
  return encode(ruleSchema, r);
}

const readRule = (buf: Buffer, start: number, end: number): Rule => decode(ruleSchema, buf, start, end);

/** Policy routing rules: list, add, delete, in bulk too (`RtNetlink.rules`). Rules name links, never resolve them. */
export class RuleOps {
  constructor(private readonly conn: NetlinkConnection) {}

  /** `ip rule add ...`: EEXIST when an identical rule exists. */
  async add(spec: RuleSpec): Promise<void> {
    await this.conn.request(ruleRequest('add', spec));
  }

  /** `ip rule del ...`: deletes the first rule that matches every given selector (ENOENT when none does). */
  async delete(spec: RuleSpec): Promise<void> {
    await this.conn.request(ruleRequest('delete', spec));
  }

  /**
   * Streams rules of one family, or of both when none is given. `retry` re-runs a dump the kernel flags as
   * interrupted (NLM_F_DUMP_INTR) and holds the items until an attempt is whole; `signal` stops it (DumpOptions).
   */
  list(filter: { family?: IpFamily } & DumpOptions = {}): AsyncGenerator<Rule, void, undefined> {
    return flattenBatches(this.listBatches(filter));
  }

  /** Streams rules one datagram's worth at a time. */
  listBatches(filter: { family?: IpFamily } & DumpOptions = {}): AsyncGenerator<Rule[], void, undefined> {
    return dumpBatches(this.conn, dumpRulesRequest(filter.family), filter, RTM.NEWRULE, readRule);
  }

  /** Every rule, optionally of one family. */
  all(filter: { family?: IpFamily } & DumpOptions = {}): Promise<Rule[]> {
    return collect(this.listBatches(filter));
  }

  /** Adds many rules, pipelined; failures are reported per rule. */
  async addMany(specs: readonly RuleSpec[], options: { window?: number } = {}): Promise<BulkOutcome<RuleSpec>> {
    const requests = specs.map((s, i) => withIndex(i, () => ruleRequest('add', s)));
    return collectFailures(specs, await this.conn.pipeline(requests, options.window));
  }
}
