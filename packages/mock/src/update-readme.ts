// `pnpm --filter @mythic-analytics/mock readme`: rewrites the scenario list of README.md.
import { updateReadme } from './scenario-list.ts';

const changed = await updateReadme();
process.stdout.write(changed ? 'README.md: scenario list updated\n' : 'README.md is up to date\n');
