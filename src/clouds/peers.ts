// The cloud SDKs other than AWS are optional peer dependencies: an AWS-only user installs none of
// them. A subpath entry (hcp-oidc-federation/azure, /gcp, /vault) checks for its SDK first, so a
// missing one is a message that says what to install, not a bare "Cannot find module".

/** Throws, naming the package to install, when `pkg` cannot be loaded from here. */
export function requirePeer(pkg: string, entry: string): void {
    try {
        require.resolve(pkg);
    } catch {
        throw new Error(
            `${entry} needs the optional peer dependency ${pkg}, which is not installed. Fix: npm install ${pkg} ` +
                `(in the project that uses ${entry}).`,
        );
    }
}
