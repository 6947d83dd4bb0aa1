/** Settings that belong to the machine (how to reach a registry), not to this workspace. */
const MACHINE_SETTINGS = /^npm_config_(registry|cafile|ca|cache|userconfig|proxy|https_proxy|noproxy|strict_ssl)$/i;

/**
 * A child environment as a user's shell would have it. pnpm hands its scripts the workspace's
 * settings as `npm_config_*` (engine-strict, save-exact, ...) and the package's as
 * `npm_package_*`: a consumer has none of them.
 */
export function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) || MACHINE_SETTINGS.test(key)),
  );
}
