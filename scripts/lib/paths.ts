// Where things are in the repository, for the scripts and their tests.
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const specPath = `${repoRoot}spec/openapi.yaml`;
export const redoclyConfigPath = `${repoRoot}redocly.yaml`;
export const redoclyBin = `${repoRoot}node_modules/.bin/redocly`;
export const releasedSpecPath = `${repoRoot}spec/released/openapi-1.0.0.yaml`;
