import packageJson from '../../package.json';

/** The package's name and version, as package.json gives them. */
export const PACKAGE_NAME: string = packageJson.name;
export const PACKAGE_VERSION: string = packageJson.version;
