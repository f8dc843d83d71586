// Buffered writing of long listings: one write per ~64 KiB, and a JSON array streamed item by item.
export class ListingWriter {
  private buf = '';
  private count = 0;
  constructor(private readonly write: (text: string) => void, private readonly json: boolean, private readonly replacer?: (k: string, v: unknown) => unknown) {}

  item(text: string, json: unknown): void {
    if (this.json) this.buf += (this.count === 0 ? '[' : ',') + JSON.stringify(json, this.replacer);
    else this.buf += text + '\n';
    this.count++;
    if (this.buf.length > 1 << 16) { this.write(this.buf); this.buf = ''; }
  }

  end(): void {
    if (this.json) this.buf += this.count === 0 ? '[]\n' : ']\n';
    if (this.buf) this.write(this.buf);
    this.buf = '';
  }
}

import { RtNetlink, type IpFamily } from '../../rtnetlink/index.js';
import type { ParsedArgs, OptionSpec } from '../args.js';
import { UsageError } from '../io.js';

/** Options every rtnetlink command takes. */
export const COMMON_OPTIONS: OptionSpec[] = [
  { name: 'json', short: 'j' }, { name: 'netns', short: 'n', value: true }, { name: 'ipv4', short: '4' }, { name: 'ipv6', short: '6' },
];

/** `-4` and `-6` look like negative numbers to the generic parser: spell them out first. */
export function spellFamilyFlags(argv: readonly string[]): string[] {
  return argv.map((a) => (a === '-4' ? '--ipv4' : a === '-6' ? '--ipv6' : a));
}

export function familyOption(args: ParsedArgs): IpFamily | undefined {
  if (args.has('ipv4') && args.has('ipv6')) throw new UsageError('-4 and -6 exclude each other');
  return args.has('ipv4') ? 'inet' : args.has('ipv6') ? 'inet6' : undefined;
}

export function openRtNetlink(args: ParsedArgs): RtNetlink {
  const netns = args.get('netns');
  return RtNetlink.open(netns === undefined ? {} : { netns, receiveBufferSize: 4 << 20 });
}
