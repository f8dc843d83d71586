// README example: the whole scenario on a host namespace. `host` has an uplink enp4s0.
import { Topology, makeSpec } from '../src/topology/index.js';

export async function example(host: string, clientNetns: string, proxyNetns: string): Promise<string[]> {
  // README-BEGIN topology
  const topology = new Topology(makeSpec({ client: { netns: clientNetns }, proxy: { netns: proxyNetns } }), { hostNetns: host });
  const plan = await topology.plan(); // what would be created or changed; nothing is touched
  await topology.apply(); // idempotent; rolled back on failure
  const again = await topology.apply(); // again.changed is []
  await topology.destroy(); // removes exactly what apply created
  return [`${plan.filter((p) => p.action !== 'keep').length} planned`, `${again.changed.length} changed the second time`];
  // README-END
}
