// Finds every protocol constant the sources define next to its kernel name, so that a test can compare
// each with the value in the UAPI headers. The convention the sources follow is a trailing comment that
// names the kernel constant:
//   KEY: 0x10, // NLM_F_DUMP_INTR            (member of an `as const` object)
//   export const X = 2; // FIB_RULE_INVERT   (a top-level constant)
//   [0x2, 'invert'], // FIB_RULE_INVERT      (a [value, name] table row)
//   5: 'igmp', // IPPROTO_IGMP               (a table keyed by value)
//   3: u32('NFTA_PAYLOAD_OFFSET'),            (a decode policy keyed by value, several per line)
//   1: a.ip('IFA_ADDRESS', 'address'),        (a message schema's attribute row)
//   list('NFT_CMP_EQ', 'NFT_CMP_NEQ')         (names listed in value order from 0)
//   const A = { OFFSET: 3 } as const;         (in expressions/payload.ts: NFTA_PAYLOAD_OFFSET)
// The comment's first word is the kernel name; what follows it (" (ROOT|MATCH)", ": the ...") is prose.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface OurConstant {
  /** The kernel's name from the comment, e.g. NLM_F_DUMP_INTR (or an expression of names: NLMSG_MIN_TYPE + 1). */
  kernelName: string;
  value: bigint;
  /** Where it is defined, `src/netlink/constants.ts:42`. */
  where: string;
}

export interface Extraction {
  constants: OurConstant[];
  /** Lines that look like a pinned constant but whose value could not be evaluated (for the report). */
  unevaluated: string[];
}

// A kernel name, or a small expression of them ("NLMSG_MIN_TYPE + 1"), that the C compiler can evaluate.
const KERNEL_NAME = /^\/\/\s*([A-Z][A-Z0-9]*_[A-Z0-9_]+(?:\s*(?:[-+|]|<<)\s*(?:[A-Z][A-Z0-9_]+|\d+))*)(?![\w(])/;
const MEMBER = /^\s*([A-Za-z_$][\w$]*|'[^']*'|"[^"]*"):\s*([^,;{}[\]'"]+?),?\s*(\/\/.*)$/;
const TOP_LEVEL = /^\s*(?:export\s+)?const\s+([A-Za-z_$][\w$]*)(?:\s*:\s*[\w<>[\]| ]+)?\s*=\s*([^;{}[\]'"]+?);\s*(\/\/.*)$/;
const ONE_MEMBER_OBJECT = /^\s*(?:export\s+)?const\s+[A-Za-z_$][\w$]*\s*=\s*\{\s*[A-Za-z_$][\w$]*\s*:\s*([^,{}'"]+?)\s*\}\s*(?:as const)?;\s*(\/\/.*)$/;
const ROW = /^\s*\[\s*([^,\]'"]+?)\s*,\s*'[^']*'\s*\]\s*,?\s*(\/\/.*)$/;
const KEYED_BY_VALUE = /^\s*(0x[0-9a-fA-F]+|\d+)\s*:\s*'[^']*'\s*,?\s*(\/\/.*)$/;

const POLICY_ENTRY = /(0x[0-9a-fA-F]+|\d+)\s*:\s*[A-Za-z][\w.]*\(\s*'([A-Z][A-Z0-9]*_[A-Z0-9_]+)'/g;
const NAME_LIST = /\blist\(\s*((?:'[A-Z][A-Z0-9_]*'\s*,?\s*)+)\)/g;
const EXPRESSION_ATTRIBUTES = /^const A = \{([^}]*)\}(?: as const)?;/;
// A table-driven expression's fields (nftables/expressions/fields.ts): `{ type: 1, attr: 'NFTA_MASQ_FLAGS', ...`
// and the enum names of a field, `kernelNames: ['NFT_NG_INCREMENTAL', 'NFT_NG_RANDOM']` (index = value).
const FIELD_ENTRY = /\btype:\s*(0x[0-9a-fA-F]+|\d+),\s*attr:\s*'([A-Z][A-Z0-9]*_[A-Z0-9_]+)'/g;
const KERNEL_NAMES = /\bkernelNames:\s*\[((?:'[A-Z][A-Z0-9_]*'\s*,?\s*)+)\]/g;
const EXPRESSION_FILE = /nftables\/expressions\/(\w+)\.[jt]s$/;
/** Expressions whose attribute names in nf_tables.h do not follow NFTA_<NAME>_ (numgen: enum nft_ng_attributes). */
const ATTRIBUTE_PREFIX: Readonly<Record<string, string>> = { NUMGEN: 'NG' };

/** Evaluates a constant expression of literals and names defined earlier in the same file, or undefined. */
export function evaluate(expression: string, known: ReadonlyMap<string, bigint>): bigint | undefined {
  const tokens = expression.match(/0x[0-9a-fA-F_]+|0b[01_]+|0o[0-7_]+|\d[\d_]*|[A-Za-z_$][\w$.]*|>>>|<<|>>|[-+*|&^~()]|\S/g);
  if (!tokens) return undefined;
  let js = '';
  for (const tok of tokens) {
    if (/^(0x|0b|0o|\d)/.test(tok)) js += `${BigInt(tok.replace(/_/g, ''))}n`;
    else if (/^[A-Za-z_$]/.test(tok)) {
      const v = known.get(tok) ?? known.get(tok.split('.').pop()!);
      if (v === undefined) return undefined;
      js += `(${v}n)`;
    } else if (tok === '>>>') js += '>>';
    else if (/^(<<|>>|[-+*|&^~()])$/.test(tok)) js += tok;
    else return undefined;
  }
  try {
    const v = new Function(`return (${js});`)() as unknown;
    return typeof v === 'bigint' ? v : undefined;
  } catch {
    return undefined;
  }
}

function kernelNameOf(comment: string): string | undefined {
  return KERNEL_NAME.exec(comment)?.[1];
}

/** The constants of one file. Member and top-level names are remembered for later expressions. */
export function extractFromText(text: string, file: string): Extraction {
  const constants: OurConstant[] = [];
  const unevaluated: string[] = [];
  const known = new Map<string, bigint>();
  const lines = text.split('\n');
  const fileName = EXPRESSION_FILE.exec(file)?.[1]?.toUpperCase();
  const expressionName = fileName === undefined ? undefined : ATTRIBUTE_PREFIX[fileName] ?? fileName;
  lines.forEach((line, i) => {
    const where = `${file}:${i + 1}`;
    for (const m of line.matchAll(POLICY_ENTRY)) constants.push({ kernelName: m[2]!, value: BigInt(m[1]!), where });
    for (const m of line.matchAll(FIELD_ENTRY)) constants.push({ kernelName: m[2]!, value: BigInt(m[1]!), where });
    for (const m of [...line.matchAll(NAME_LIST), ...line.matchAll(KERNEL_NAMES)]) {
      [...m[1]!.matchAll(/'([A-Z][A-Z0-9_]*)'/g)].forEach((n, index) => constants.push({ kernelName: n[1]!, value: BigInt(index), where }));
    }
    const attributes = expressionName ? EXPRESSION_ATTRIBUTES.exec(line) : null;
    if (attributes) {
      for (const m of attributes[1]!.matchAll(/([A-Z][A-Z0-9_]*)\s*:\s*(0x[0-9a-fA-F]+|\d+)/g)) {
        constants.push({ kernelName: `NFTA_${expressionName}_${m[1]}`, value: BigInt(m[2]!), where });
      }
      return;
    }
    let name: string | undefined;
    let expression: string | undefined;
    let comment: string | undefined;
    let m: RegExpExecArray | null;
    if ((m = ONE_MEMBER_OBJECT.exec(line))) [expression, comment] = [m[1], m[2]];
    else if ((m = TOP_LEVEL.exec(line))) [name, expression, comment] = [m[1], m[2], m[3]];
    else if ((m = ROW.exec(line))) [expression, comment] = [m[1], m[2]];
    else if ((m = KEYED_BY_VALUE.exec(line))) [expression, comment] = [m[1], m[2]];
    else if ((m = MEMBER.exec(line)) && !/^\s*(readonly\s+|private\s+|public\s+|static\s+)/.test(line)) {
      [name, expression, comment] = [m[1]!.replace(/['"]/g, ''), m[2], m[3]];
    }
    if (expression === undefined || comment === undefined) return;
    const value = evaluate(expression.trim(), known);
    if (value !== undefined && name) known.set(name, value);
    const kernelName = kernelNameOf(comment);
    if (!kernelName) return;
    if (value === undefined) {
      // Field declarations (`name: string; // IFLA_IFNAME`) carry kernel names too; only numbers count.
      if (/\d/.test(expression)) unevaluated.push(`${where}: ${line.trim()}`);
      return;
    }
    constants.push({ kernelName, value, where });
  });
  return { constants, unevaluated };
}

function sourceFiles(dir: string, extension: '.ts' | '.js'): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path, extension));
    else if (name.endsWith(extension) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out.sort();
}

/**
 * Every pinned constant under the given directories of the repository at `root`: the TypeScript sources,
 * or with extension '.js' the compiled modules (tsc keeps the comments), which is what mutation testing
 * changes (scripts/mutation.ts).
 */
export function extractConstants(root: string, dirs: readonly string[], extension: '.ts' | '.js' = '.ts'): Extraction {
  const all: Extraction = { constants: [], unevaluated: [] };
  for (const dir of dirs) {
    for (const path of sourceFiles(join(root, dir), extension)) {
      const one = extractFromText(readFileSync(path, 'utf8'), relative(root, path));
      all.constants.push(...one.constants);
      all.unevaluated.push(...one.unevaluated);
    }
  }
  return all;
}
