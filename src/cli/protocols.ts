// IP protocol names as ip reads and prints them: /etc/protocols (getprotobyname/getprotobynumber), read once.
// Without the file (no netbase), numbers only, as ip would print them.
import * as fs from 'node:fs';

let byNumber: Map<number, string> | undefined;
let byName: Map<string, number> | undefined;

function load(): void {
  byNumber = new Map();
  byName = new Map();
  let text = '';
  try { text = fs.readFileSync('/etc/protocols', 'utf8'); } catch { /* no netbase */ }
  for (const line of text.split('\n')) {
    const [name, num, ...aliases] = line.replace(/#.*/, '').trim().split(/\s+/);
    if (!name || !num || !/^\d+$/.test(num)) continue;
    const n = Number(num);
    if (!byNumber.has(n)) byNumber.set(n, name);
    for (const a of [name, ...aliases]) if (!byName.has(a)) byName.set(a, n);
  }
}

/** 6 -> 'tcp'; a number without a name stays a number. */
export function protocolText(n: number): string {
  if (!byNumber) load();
  return byNumber!.get(n) ?? String(n);
}

/** 'tcp' (or an alias, or a number) -> 6; undefined for an unknown name. */
export function protocolNumber(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  if (!byName) load();
  return byName!.get(text);
}
