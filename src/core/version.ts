import packageJson from '../../package.json';

/** The version printed by the CLI, shown in the app and reported by app.info. */
export const ZERVIGO_VERSION: string = packageJson.version;
