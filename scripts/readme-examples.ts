// Copies the README-BEGIN/END parts of examples/*.ts into README.md under their markers, so the README shows
// exactly the code the tests run. `node dist/scripts/readme-examples.js` rewrites; `--check` only compares.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function exampleBody(name: string): string {
  const text = fs.readFileSync(path.join(root, 'examples', `${name}.ts`), 'utf8');
  const m = new RegExp(`// README-BEGIN ${name}\\n([\\s\\S]*?)\\n\\s*// README-END`).exec(text);
  if (!m) throw new Error(`examples/${name}.ts has no README-BEGIN ${name} / README-END block`);
  const lines = m[1]!.split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

export function renderReadme(readme: string): string {
  return readme.replace(/<!-- example:(\w+) -->\n(```ts\n[\s\S]*?\n```\n)?/g, (_all, name: string) => `<!-- example:${name} -->\n\`\`\`ts\n${exampleBody(name)}\n\`\`\`\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = path.join(root, 'README.md');
  const current = fs.readFileSync(file, 'utf8');
  const wanted = renderReadme(current);
  if (process.argv.includes('--check')) {
    if (wanted !== current) { process.stderr.write('README.md examples differ from examples/*.ts\n'); process.exit(1); }
  } else {
    fs.writeFileSync(file, wanted);
  }
}
