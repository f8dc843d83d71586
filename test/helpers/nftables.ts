// Helpers for the nftables tests: golden captures, sequence masking, a transport that only encodes, nft as oracle.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { parseStraceLog, type Transport } from '../../src/netlink/index.js';
import { iterateMessages, setSequence } from '../../src/netlink/message.js';

const execFileP = promisify(execFile);
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const GOLDEN = path.join(ROOT, 'fixtures/golden/nftables');
export const FIXTURES = path.join(ROOT, 'fixtures/nftables');

/** Datagrams the tool sent, in order. */
export function sentDatagrams(name: string): Buffer[] {
  return parseStraceLog(fs.readFileSync(path.join(GOLDEN, name), 'utf8')).filter((d) => d.direction === 'send').map((d) => d.bytes);
}
export function receivedDatagrams(name: string): Buffer[] {
  return parseStraceLog(fs.readFileSync(path.join(GOLDEN, name), 'utf8')).filter((d) => d.direction === 'receive').map((d) => d.bytes);
}

/** The batch datagram of a capture (the one starting with NFNL_MSG_BATCH_BEGIN). */
export function batchOf(name: string): Buffer {
  const b = sentDatagrams(name).find((d) => d.readUInt16LE(4) === 0x10);
  if (!b) throw new Error(`${name}: no batch`);
  return b;
}

/** Sequence numbers renumbered 0, 1, 2... and port ids zeroed, message by message. */
export function maskSequences(datagram: Buffer): Buffer {
  const out = Buffer.from(datagram);
  let offset = 0;
  let i = 0;
  for (const m of iterateMessages(out)) {
    setSequence(out, offset, i++, 0);
    offset += (m.length + 3) & ~3;
  }
  return out;
}

/** A transport that never sends: for encoding requests without a socket. */
export function nullTransport(): Transport {
  return {
    protocol: 12, portId: 0, closed: false,
    send() { throw new Error('nullTransport cannot send'); },
    receive: async () => null,
    tryReceive: () => null,
    close() { /* nothing */ },
  };
}

/**
 * Runs nft inside a namespace (test oracle only; argument array, no shell). The sandbox's PATH has no
 * node_modules/.bin, where ava's dependency @vercel/nft puts a binary of the same name (scripts/sandbox.ts).
 */
export async function nft(netns: string, ...args: string[]): Promise<string> {
  const { stdout } = await execFileP('ip', ['netns', 'exec', netns, 'nft', ...args], { maxBuffer: 16 << 20 });
  return stdout;
}

/** Runs a command inside a namespace (test set-up only: creating links the samples name). */
export async function inNetns(netns: string, cmd: string, ...args: string[]): Promise<string> {
  const { stdout } = await execFileP('ip', ['netns', 'exec', netns, cmd, ...args]);
  return stdout;
}

/** Reads a golden `.nft` input. */
export const goldenFile = (name: string): string => path.join(GOLDEN, name);
