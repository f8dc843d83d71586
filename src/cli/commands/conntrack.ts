// `nlts conntrack`: the conntrack-tools command line (-L -G -D -I -U -E -F -C -S -R) over the library.
// Parsing, interpretation, the calls and the output are in src/cli/conntrack; every kernel conversation is in
// src/nfnetlink/conntrack.
import type { Command } from '../io.js';
import { runConntrack } from '../conntrack/run.js';

export { parseConntrackArgs } from '../conntrack/args.js';
export { runConntrack, type ConntrackOpener } from '../conntrack/run.js';

export const command: Command = {
  summary: 'connection tracking (conntrack-tools flags)',
  usage: [
    'usage: nlts conntrack COMMAND [options]          (conntrack-tools 1.4.7 compatible)',
    '  commands: -L [conntrack|expect|dying|unconfirmed] list, -G get, -D delete, -I create, -A add, -U update,',
    '            -E events, -F flush, -C count, -S stats, -R FILE|- load commands (as -o save writes them)',
    '  tuple:    -s/--orig-src -d/--orig-dst ADDR[/PREFIX] -r/--reply-src -q/--reply-dst -p PROTO (name or number)',
    '            --sport --dport --reply-port-src --reply-port-dst --icmp-type --icmp-code --icmp-id --srckey --dstkey',
    '  filters:  -w/--zone N --orig-zone --reply-zone -m MARK[/MASK] -u STATUS[,..] -f ipv4|ipv6 --mask-src --mask-dst',
    '            --state STATE (TCP, SCTP, DCCP; LISTEN) -n/-g/-j [IP[:PORT]] (source, destination, any NAT)',
    '  create:   -t TIMEOUT --state STATE --src-nat IP[:PORT] --dst-nat IP[:PORT] --orig-vtag --reply-vtag --role',
    '  events:   -e NEW,UPDATE,DESTROY -b BUFFER      -z: zero counters as they are listed',
    '  output:   -o extended,id,save,xml,ktimestamp,timestamp; ours: -o json, -o zone / --by-zone (grouped by zone)',
    '  --netns NAME: work in that network namespace',
  ].join('\n'),
  run: (argv, io) => runConntrack(argv, io),
};
