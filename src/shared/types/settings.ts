/** Per-installation settings kept in the database (the workspace file holds what is shared). */
export interface Settings {
  /** Generic-provider URL for electron-updater; null disables update checks. */
  updateUrl: string | null;
  /** Desktop notifications are held back until this time (ms since epoch), or null. */
  notificationsPausedUntil: number | null;
  /** Who acknowledges and silences from this installation, until people sign in; null: the OS user of the engine. */
  operatorName: string | null;
}
