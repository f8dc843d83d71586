// `nlts decode [FILE]`: netlink messages from hex or strace logs, printed as JSON (one object per line).
import * as fs from 'node:fs';
import { NetlinkProtocol, describeMessage, parseCapture, type CapturedDatagram, type NetlinkMessage } from '../../netlink/index.js';
import { iterateMessages, splitRequestDatagram } from '../../netlink/message.js';
import { parseOptions } from '../options.js';
import { UsageError, type Command } from '../io.js';

/** Each family's descriptor module registers its message names and attribute tables with the decoder. */
async function loadFamilies(): Promise<void> {
  // Literal specifiers, so that the CLI bundle includes them (a computed one would be looked up beside the bundle).
  await Promise.all([
    import('../../rtnetlink/descriptor.js'),
    import('../../nfnetlink/conntrack/descriptor.js'),
    import('../../nfnetlink/nftables/descriptor.js'),
    import('../../nfnetlink/descriptor.js'),
  ]);
}

const FAMILIES: Record<string, number> = { route: NetlinkProtocol.ROUTE, rtnetlink: NetlinkProtocol.ROUTE, netfilter: NetlinkProtocol.NETFILTER, nfnetlink: NetlinkProtocol.NETFILTER };

/** Without a hint from the log: nfnetlink types carry a subsystem in the high byte; batches are 0x10/0x11 with res_id 10. */
function guessProtocol(d: CapturedDatagram): number {
  try {
    for (const m of iterateMessages(d.bytes)) {
      const sub = m.type >> 8;
      if (sub >= 1 && sub <= 12) return NetlinkProtocol.NETFILTER;
      if ((m.type === 0x10 || m.type === 0x11) && m.length === 20 && m.payload.readUInt16BE(2) === 10) return NetlinkProtocol.NETFILTER;
    }
  } catch {
    /* malformed: fall through */
  }
  return NetlinkProtocol.ROUTE;
}

export const command: Command = {
  summary: 'decode netlink messages',
  usage: [
    'usage: nlts decode [FILE] [--family route|netfilter] [--pretty] [--sent|--received]',
    '  Reads plain hex, or strace logs (-xx with -e write=all -e read=all hex dumps, or "\\x.." buffers) of ip, nft',
    '  and conntrack, from FILE or standard input, and prints each message as JSON: header, flags by name, and',
    '  attributes by name where the family is known (raw hex where not).',
  ].join('\n'),
  async run(argv, io) {
    const args = parseOptions(argv, { manners: 'nlts', options: [
      { key: 'family', names: ['--family'], arity: 1 }, { key: 'pretty', names: ['--pretty'] }, { key: 'sent', names: ['--sent'] }, { key: 'received', names: ['--received'] },
    ] });
    if (args.positional.length > 1) throw new UsageError('at most one FILE');
    const familyName = args.get('family');
    if (familyName !== undefined && !(familyName in FAMILIES)) throw new UsageError(`unknown family '${familyName}' (route or netfilter)`);
    const forced = familyName === undefined ? undefined : FAMILIES[familyName];
    const file = args.positional[0];
    let text: string;
    try {
      text = file && file !== '-' ? fs.readFileSync(file, 'utf8') : await io.readStdin();
    } catch (e) {
      throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
    }
    let datagrams: CapturedDatagram[];
    try {
      datagrams = parseCapture(text);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    await loadFamilies();
    const indent = args.has('pretty') ? 2 : undefined;
    let out = '';
    datagrams.forEach((d, index) => {
      if (args.has('sent') && d.direction !== 'send') return;
      if (args.has('received') && d.direction !== 'receive') return;
      const protocol = forced ?? d.protocol ?? guessProtocol(d);
      const where = { datagram: index, direction: d.direction, ...(d.call ? { call: d.call, line: d.line } : {}) };
      try {
        // Requests are read as the kernel reads them (trailing bytes ignored); answers strictly.
        let messages: NetlinkMessage[];
        let ignored = 0;
        if (d.direction === 'send') ({ messages, ignored } = splitRequestDatagram(d.bytes));
        else messages = [...iterateMessages(d.bytes, `datagram ${index}`)];
        for (const m of messages) out += JSON.stringify({ ...where, ...describeMessage(m, protocol) }, bigintSafe, indent) + '\n';
        if (ignored) out += JSON.stringify({ ...where, ignoredTrailingBytes: ignored, raw: d.bytes.subarray(d.bytes.length - ignored).toString('hex') }, null, indent) + '\n';
      } catch (e) {
        out += JSON.stringify({ ...where, decodeError: (e as Error).message, raw: d.bytes.toString('hex') }, null, indent) + '\n';
      }
      if (out.length > 1 << 16) { io.stdout(out); out = ''; }
    });
    io.stdout(out);
    return 0;
  },
};

function bigintSafe(_k: string, v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : v;
}
