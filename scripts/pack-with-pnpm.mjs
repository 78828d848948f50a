// The prepack of the published packages. Their `exports` point at the TypeScript sources for the
// workspace; pnpm swaps in `publishConfig.exports` (the build) when it packs, npm does not, and
// would make a tarball that points at files it does not ship. So only pnpm may pack them.
const agent = process.env.npm_config_user_agent ?? '';
if (!agent.startsWith('pnpm/')) {
  const name = process.env.npm_package_name ?? 'this package';
  process.stderr.write(
    `${name} is packed and published with pnpm (pnpm pack, pnpm publish), which points its\n` +
      'exports at the build; npm would ship exports that point at missing sources.\n',
  );
  process.exit(1);
}
