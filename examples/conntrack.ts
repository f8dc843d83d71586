// README example: conntrack entries in zone 1, filtered by the kernel. `host` is a namespace.
import { Conntrack } from '../src/nfnetlink/conntrack/index.js';

export async function example(host: string): Promise<string[]> {
  // README-BEGIN conntrack
  const ct = await Conntrack.open({ netns: host });
  try {
    await ct.create({ original: { src: '10.10.1.1', dst: '198.51.100.8', protocol: 17, sport: 40000, dport: 53 }, zone: 1, timeout: 60 });
    const flows: string[] = [];
    for await (const flow of ct.dump({ zone: 1 })) flows.push(`zone ${flow.zone}: ${flow.original.src} -> ${flow.original.dst}`);
    return flows; // [ 'zone 1: 10.10.1.1 -> 198.51.100.8' ]
  } finally {
    ct.close();
  }
  // README-END
}
