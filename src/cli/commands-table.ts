// Every command: its name (the module under ./commands) and a one-line summary for --help.
export const COMMANDS: Readonly<Record<string, string>> = {
  demo: 'run the client/proxy conntrack-zone scenario end to end in throwaway namespaces',
  topology: 'plan, apply, verify or remove the client/proxy/zone topology (plan|up|verify|down)',
  link: 'list, add, change and delete links (like ip link)',
  addr: 'list, add and delete addresses (like ip addr)',
  rule: 'list, add and delete policy-routing rules (like ip rule)',
  route: 'list, get, add, replace and delete routes (like ip route)',
  neigh: 'list, add, replace and delete neighbour (ARP/NDISC) entries (like ip neigh)',
  nexthop: 'list, add, replace and delete nexthop objects and groups (like ip nexthop)',
  monitor: 'print link, address, route, rule, neighbour and nexthop events as they happen (like ip -o monitor)',
  conntrack: 'list, get, create, update, delete, flush, count connection-tracking entries (conntrack-tools flags)',
  nft: 'list the nftables ruleset or apply one from JSON (like nft)',
  netns: 'add, delete, list named network namespaces (like ip netns)',
  exporter: 'Prometheus exporter: conntrack entries per zone, conntrack statistics, link and nftables counters',
  doctor: 'find the policy-routing/conntrack/NAT double-pass pitfall (and its neighbours) on this host, with the fix',
  decode: 'decode netlink messages from hex or from strace logs of ip, nft and conntrack',
  completion: 'print a bash completion script (nlts completion bash)',
};
