// `nlts netns list|add NAME|delete NAME`: named network namespaces, compatible with `ip netns`.
import { createNetns, deleteNetns, listNetns } from '../../netlink/index.js';
import { parseOptions } from '../options.js';
import { verbOf } from '../words.js';
import { UsageError, type Command } from '../io.js';

export const command: Command = {
  summary: 'named network namespaces',
  usage: 'usage: nlts netns list [--json] | nlts netns add NAME | nlts netns delete NAME',
  async run(argv, io) {
    const args = parseOptions(argv, { manners: 'nlts', options: [{ key: 'json', names: ['--json'] }] });
    const [word = 'list', name, ...extra] = args.positional;
    const verb = verbOf('netns', word);
    if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'`);
    switch (verb) {
      case 'list': {
        if (name) throw new UsageError(`'list' takes no name`);
        const names = listNetns();
        io.stdout(args.has('json') ? JSON.stringify(names.map((n) => ({ name: n }))) + '\n' : names.map((n) => `${n}\n`).join(''));
        return 0;
      }
      case 'add':
        if (!name) throw new UsageError('add needs a NAME');
        createNetns(name);
        return 0;
      case 'delete':
        if (!name) throw new UsageError('delete needs a NAME');
        deleteNetns(name);
        return 0;
      default:
        throw new UsageError(`unknown verb '${verb}'`);
    }
  },
};
