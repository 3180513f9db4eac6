import path from 'node:path';

/**
 * Where the built parts are. The main bundle is out/main/index.js, so its siblings are found
 * from __dirname; resources/ sits at the app root (the project in development, app.asar when
 * packaged — electron-builder.yml lists it in `files`).
 */
export function appPaths(appRoot: string): { preload: string; renderer: string; icons: string; appIcon: string; ptyHost: string } {
  const icons = path.join(appRoot, 'resources', 'icons');
  return {
    preload: path.join(__dirname, '..', 'preload', 'index.js'),
    ptyHost: path.join(__dirname, 'pty-host.js'),
    renderer: path.join(__dirname, '..', 'renderer'),
    icons,
    appIcon: path.join(icons, 'icon.png'),
  };
}

/** Must equal `appId` in electron-builder.yml: Windows ties notifications to it. */
export const APP_ID = 'dev.zervigo.app';
