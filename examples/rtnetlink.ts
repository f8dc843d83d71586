// README example: links, addresses, rules, routes and neighbours. `host` and `client` are namespaces that exist.
import { RtNetlink } from '../src/rtnetlink/index.js';

export async function example(host: string, client: string): Promise<string[]> {
  // README-BEGIN rtnetlink
  const nl = RtNetlink.open({ netns: host });
  try {
    await nl.links.createVeth('client-veth0', { peer: 'veth0', peerNetns: client });
    await nl.addresses.add('client-veth0', '10.10.1.2/24');
    await nl.links.set('client-veth0', { up: true });
    await nl.rules.add({ from: '10.10.1.0/24', iif: 'client-veth0', priority: 100, table: 100 });
    await nl.routes.add({ to: 'default', via: '10.10.1.1', dev: 'client-veth0', table: 100 });
    await nl.neighbours.add('client-veth0', { dst: '10.10.1.1', lladdr: '02:00:00:00:00:01' });
    const lines: string[] = [];
    for await (const route of nl.routes.list({ table: 100 })) lines.push(`${route.dst} via ${route.gateway}`);
    for (const n of await nl.neighbours.all({ link: 'client-veth0' })) lines.push(`${n.dst} lladdr ${n.lladdr} ${n.state}`);
    return lines; // [ 'default via 10.10.1.1', '10.10.1.1 lladdr 02:00:00:00:00:01 PERMANENT' ]
  } finally {
    nl.close();
  }
  // README-END
}
